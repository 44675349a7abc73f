import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Sent } from '../../shared/protocol'
import type { EventFeed } from '../broadcast/feed'
import type { Sink } from '../broadcast/viewer'
import type { Viewers } from './viewers'
// Server-Sent Events, both ways: the edge that encodes a feed of the broadcast core
// (server/broadcast/) for a browser's EventSource, and a reader of such a stream back into typed
// events (record, tests, bench). Admission and cutting stalled viewers are the core's.
import { Buffer } from 'node:buffer'
import { attachViewer } from '../broadcast/viewer'

export type { EventFeed }
export { MAX_BUFFERED_BYTES } from '../broadcast/viewer'

/** Any feed's event, as it goes on the wire. */
interface Encodable { readonly seq: number, readonly event: PropertyKey, readonly data: unknown }

export function encodeEvent(message: Encodable): string {
  return `id: ${message.seq}\nevent: ${String(message.event)}\ndata: ${JSON.stringify(message.data)}\n\n`
}

// A feed hands the same event object to every subscriber, live and in the history it replays to a
// late joiner. Encoded once per object and written as that one Buffer, it is shared by every
// socket's queue: 50 viewers behind on a 10 MB run hold one copy of the backlog, not 50. The
// buffer lives as long as the feed keeps the event.
const encodings = new WeakMap<object, Buffer>()
function encoded(message: Encodable): Buffer {
  let bytes = encodings.get(message)
  if (!bytes)
    encodings.set(message, bytes = Buffer.from(encodeEvent(message)))
  return bytes
}

const HEARTBEAT = Buffer.from(': keep-alive\n\n')

/** The Last-Event-ID a reconnecting EventSource sends, when it is one of ours. */
export function lastEventIdOf(req: IncomingMessage): number | undefined {
  const header = req.headers['last-event-id']
  return typeof header === 'string' && /^\d{1,15}$/.test(header)
    ? Number(header)
    : undefined
}

/** Serves the feed to one client, counted against the viewer limits (a 429 JSON error beyond them). */
export function serveEvents<E>(req: IncomingMessage, res: ServerResponse, feed: EventFeed<E>, viewers: Viewers, client: string): void {
  const sink: Sink<Sent<E>> = {
    send: message => res.destroyed || res.write(encoded(message as Encodable)),
    buffered: () => res.writableLength,
    onDrain: callback => void res.on('drain', callback),
    onClose: callback => void res.on('close', callback),
    destroy: () => void res.destroy(),
    keepAlive: () => res.destroyed || res.write(HEARTBEAT),
  }
  // Headers go first: the core replays the history as it attaches.
  const start = (): void => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'Connection': 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    res.socket?.setNoDelay(true)
    res.write('retry: 1000\n\n')
  }
  const viewer = attachViewer(feed, sink, {
    viewers,
    client,
    lastEventId: lastEventIdOf(req),
    what: 'event stream',
    start,
  })
  if ('refused' in viewer)
    throw viewer.refused
}

/** One event block (the text between blank lines) back into its typed event; comments and `retry` give none. */
export function decodeEvent<E>(block: string): Sent<E> | undefined {
  const fields: Record<string, string> = {}
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':'))
      continue
    const i = line.indexOf(':')
    const key = line.slice(0, i)
    fields[key] = (fields[key] !== undefined
      ? `${fields[key]}\n`
      : '') + line.slice(i + 1).replace(/^ /, '')
  }
  if (!fields.event || fields.data === undefined)
    return undefined
  return {
    seq: Number(fields.id),
    event: fields.event,
    data: JSON.parse(fields.data),
  } as Sent<E>
}

export interface EventReader<E> {
  /** Reads events until `done` returns true for one (included). */
  until: (done: (e: Sent<E>, all: Sent<E>[]) => boolean) => Promise<Sent<E>[]>
  close: () => void
}

/**
 * Reads an event stream over fetch. Resolves once the response headers arrive, which is after the
 * server has subscribed the client: an event published after that cannot be missed.
 */
export async function openEvents<E>(url: string, headers: Record<string, string> = {}): Promise<EventReader<E>> {
  const controller = new AbortController()
  const res = await fetch(url, { headers, signal: controller.signal })
  if (!res.ok || !res.body)
    throw new Error(`SSE ${url}: HTTP ${res.status} ${await res.text()}`)
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const pending: Sent<E>[] = []

  async function next(): Promise<Sent<E>> {
    while (pending.length === 0) {
      const { value, done } = await reader.read()
      if (done)
        throw new Error('event stream ended')
      buffer += decoder.decode(value, { stream: true })
      // One read can hold megabytes of events: cut them out by offset, the rest kept once at the end.
      let start = 0
      for (let end = buffer.indexOf('\n\n', start); end >= 0; end = buffer.indexOf('\n\n', start)) {
        const parsed = decodeEvent<E>(buffer.slice(start, end))
        start = end + 2
        if (parsed)
          pending.push(parsed)
      }
      buffer = buffer.slice(start)
    }
    return pending.shift()!
  }

  return {
    async until(done) {
      const all: Sent<E>[] = []
      for (;;) {
        const e = await next()
        all.push(e)
        if (done(e, all))
          return all
      }
    },
    close: () => controller.abort(),
  }
}
