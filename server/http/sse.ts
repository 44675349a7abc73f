// Serves a channel as Server-Sent Events. A client that cannot keep up is cut off rather than
// buffered without bound; its EventSource reconnects and resumes from the history.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Channel } from './channel'

/** Anything that replays its state and then pushes events: a demo's channel, the engine watch. */
export type EventFeed = Pick<Channel, 'subscribe'>

export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
const HEARTBEAT_MS = 15_000

// A channel hands the same event to every subscriber in turn. Encoded once and written as that one
// Buffer, it is shared by every socket's queue: 50 viewers behind on a 10 MB run hold one copy of
// the backlog, not 50 (writing the string makes each socket encode its own).
let lastWire = ''
let lastBytes = Buffer.alloc(0)
function encoded(wire: string): Buffer {
  if (wire !== lastWire) {
    lastWire = wire
    lastBytes = Buffer.from(wire)
  }
  return lastBytes
}

export function serveEvents(req: IncomingMessage, res: ServerResponse, channel: EventFeed): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'Connection': 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  res.socket?.setNoDelay(true)
  res.write('retry: 1000\n\n')
  const header = req.headers['last-event-id']
  const lastEventId = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined
  const unsubscribe = channel.subscribe((wire) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy()
      return
    }
    res.write(encoded(wire))
  }, lastEventId)
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
  res.on('close', () => {
    unsubscribe()
    clearInterval(heartbeat)
  })
}
