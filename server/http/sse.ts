// Server-Sent Events, both ways: serving a feed of typed events to a browser, and reading a stream
// back into typed events (record, tests, bench). A client that cannot keep up is cut off rather
// than buffered without bound (its EventSource reconnects and resumes from the history): at once
// when it falls MAX_BUFFERED_BYTES behind, and by a timer when its socket stays full (a stalled
// reader of a quiet stream is not left waiting for the next event to be found out).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Sent } from '../../shared/protocol'
import type { Viewers } from './viewers'

/** Anything that replays its state and then pushes events: a demo's channel, the engine watch. */
export interface EventFeed<E> {
  subscribe: (subscriber: (message: Sent<E>) => void, lastEventId?: number) => () => void
}

/** What a slow viewer may have queued, on an event stream or a shell's WebSocket, before it is cut off. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
const HEARTBEAT_MS = 15_000

/** Any feed's event, as it goes on the wire. */
type Encodable = { readonly seq: number, readonly event: PropertyKey, readonly data: unknown }

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
  if (!bytes) encodings.set(message, bytes = Buffer.from(encodeEvent(message)))
  return bytes
}

const HEARTBEAT = Buffer.from(': keep-alive\n\n')

/** Serves the feed to one client, counted against the viewer limits (a 429 JSON error beyond them). */
export function serveEvents<E>(req: IncomingMessage, res: ServerResponse, feed: EventFeed<E>, viewers: Viewers, client: string): void {
  const admitted = viewers.admit(client)
  if ('refused' in admitted) throw admitted.refused
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'Connection': 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  res.socket?.setNoDelay(true)
  let stall: NodeJS.Timeout | undefined
  let cutOff: string | undefined
  const cut = (why: string): void => {
    cutOff = why
    res.destroy()
  }
  const write = (bytes: Buffer): void => {
    if (res.destroyed) return
    if (res.writableLength > MAX_BUFFERED_BYTES) return cut(`more than ${MAX_BUFFERED_BYTES} bytes behind`)
    if (!res.write(bytes) && !stall) stall = setTimeout(() => cut(`send buffer full for ${viewers.limits.stallMs} ms`), viewers.limits.stallMs)
  }
  res.on('drain', () => {
    clearTimeout(stall)
    stall = undefined
  })
  res.write('retry: 1000\n\n')
  const header = req.headers['last-event-id']
  const lastEventId = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined
  const unsubscribe = feed.subscribe(message => write(encoded(message as Encodable)), lastEventId)
  const heartbeat = setInterval(() => write(HEARTBEAT), HEARTBEAT_MS)
  res.on('close', () => {
    unsubscribe()
    clearInterval(heartbeat)
    clearTimeout(stall)
    admitted.release()
    // Logged once its place is free again: a speaker sees why a viewer reconnected.
    if (cutOff) console.log(`[docker-talk] cut off a stalled event stream of ${client}: ${cutOff}`)
  })
}

/** One event block (the text between blank lines) back into its typed event; comments and `retry` give none. */
export function decodeEvent<E>(block: string): Sent<E> | undefined {
  const fields: Record<string, string> = {}
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue
    const i = line.indexOf(':')
    const key = line.slice(0, i)
    fields[key] = (fields[key] !== undefined ? `${fields[key]}\n` : '') + line.slice(i + 1).replace(/^ /, '')
  }
  if (!fields.event || fields.data === undefined) return undefined
  return { seq: Number(fields.id), event: fields.event, data: JSON.parse(fields.data) } as Sent<E>
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
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status} ${await res.text()}`)
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const pending: Sent<E>[] = []

  async function next(): Promise<Sent<E>> {
    while (pending.length === 0) {
      const { value, done } = await reader.read()
      if (done) throw new Error('event stream ended')
      buffer += decoder.decode(value, { stream: true })
      // One read can hold megabytes of events: cut them out by offset, the rest kept once at the end.
      let start = 0
      let end: number
      while ((end = buffer.indexOf('\n\n', start)) >= 0) {
        const parsed = decodeEvent<E>(buffer.slice(start, end))
        start = end + 2
        if (parsed) pending.push(parsed)
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
        if (done(e, all)) return all
      }
    },
    close: () => controller.abort(),
  }
}
