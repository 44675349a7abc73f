import type { EventReader } from '../server/http/sse'
import type { Sent, StreamEvents } from '../shared/protocol'
// Times events at an SSE client the moment they are parsed off the wire.
import { performance } from 'node:perf_hooks'
import { openEvents } from '../server/http/sse'

export type DemoEvents = EventReader<StreamEvents>
export type DemoEvent = Sent<StreamEvents>

export function openDemoEvents(url: string): Promise<DemoEvents> {
  return openEvents<StreamEvents>(url)
}

export async function post(url: string, json?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    ...(json === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(json),
        }),
  })
  const body = await res.json() as unknown
  if (!res.ok)
    throw new Error(`POST ${url}: HTTP ${res.status} ${JSON.stringify(body)}`)
  return body
}

/**
 * Reads until the first event that `done` accepts and returns the time it arrived. The reader pulls
 * from the socket only while awaited, so the caller starts this before it triggers the event.
 */
export async function arrival(stream: DemoEvents, done: (e: DemoEvent) => boolean): Promise<{ at: number, events: DemoEvent[] }> {
  let at = Number.NaN
  const events = await stream.until((e) => {
    if (!done(e))
      return false
    at = performance.now()
    return true
  })
  return { at, events }
}
