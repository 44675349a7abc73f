import type { Readable } from 'node:stream'
// The engine's event stream (`GET /events`) is one JSON object per line. node:readline splits it:
// it decodes UTF-8 across chunk boundaries, so a name whose bytes arrive in two chunks stays whole.
import { createInterface } from 'node:readline'

/** Calls `onEvent` with each event the stream sends; a line that is not JSON is skipped. */
export function readEngineEvents<T>(stream: Readable, onEvent: (event: T) => void): void {
  const lines = createInterface({ input: stream, crlfDelay: Infinity })
  lines.on('line', (line) => {
    if (!line.trim())
      return
    let event: T
    try {
      event = JSON.parse(line) as T
    }
    catch { return } // Not an event; the next one refreshes the lists anyway.
    onEvent(event)
  })
  // readline passes the stream's errors on; the stream's own handler deals with them.
  lines.on('error', () => {})
}
