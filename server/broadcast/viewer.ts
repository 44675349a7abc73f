import type { Sent } from '../../shared/protocol'
import type { HttpError } from '../http/errors'
// The one place a viewer is admitted to a feed and cut off when it stalls, whatever carries it
// (an event stream, a shell's WebSocket). A viewer that cannot keep up is cut rather than buffered
// without bound (an EventSource reconnects and resumes from the history): at once when it falls
// MAX_BUFFERED_BYTES behind, and by a timer when its send buffer stays full (a stalled reader of a
// quiet stream is not left waiting for the next event to be found out).
import type { Viewers } from '../http/viewers'
import type { EventFeed } from './feed'
import { info } from '../log'

/** What a slow viewer may have queued before it is cut off. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

/** One viewer's connection, as the edge that encodes for it offers it. */
export interface Sink<M> {
  /** Queues one message; false when the connection's buffer is full (wait for drain). */
  send: (message: M) => boolean
  /** Bytes queued and not yet taken by the network. */
  buffered: () => number
  /** Calls back once the buffer empties after a send returned false. */
  onDrain: (callback: () => void) => void
  onClose: (callback: () => void) => void
  /** Ends the connection at once. */
  destroy: () => void
  /** Sends a keep-alive (false as for send): a quiet stream's stalled reader is found out by it too. */
  keepAlive: () => boolean
}

const KEEP_ALIVE_MS = 15_000

export interface Viewer<M> {
  /** Sends a message to this viewer only (a role, an error), under the same stall rules. */
  send: (message: M) => void
}

export interface ViewerOptions {
  viewers: Viewers
  client: string
  /** What this viewer says it has seen (Last-Event-ID). */
  lastEventId?: number
  /** Named in the log line when the viewer is cut. */
  what: string
  /** Once admitted, before the history: the edge's own preamble (headers, a shell's info). */
  start?: () => void
}

/**
 * Admits the viewer against the limits (or returns the refusal, nothing sent), then attaches the
 * sink: the feed's history and live events, until the sink closes.
 */
export function attachViewer<E>(feed: EventFeed<E>, sink: Sink<Sent<E>>, options: ViewerOptions): { refused: HttpError } | Viewer<Sent<E>> {
  const admitted = options.viewers.admit(options.client)
  if ('refused' in admitted)
    return admitted
  options.start?.()
  let stall: NodeJS.Timeout | undefined
  let cutOff: string | undefined
  const cut = (why: string): void => {
    cutOff ??= why
    sink.destroy()
  }
  const write = (sent: () => boolean): void => {
    if (cutOff)
      return
    if (sink.buffered() > MAX_BUFFERED_BYTES)
      return cut(`more than ${MAX_BUFFERED_BYTES} bytes behind`)
    if (!sent() && !stall)
      stall = setTimeout(cut, options.viewers.limits.stallMs, `send buffer full for ${options.viewers.limits.stallMs} ms`)
  }
  const send = (message: Sent<E>): void => write(() => sink.send(message))
  const keepAlive = setInterval(write, KEEP_ALIVE_MS, sink.keepAlive)
  sink.onDrain(() => {
    clearTimeout(stall)
    stall = undefined
  })
  const unsubscribe = feed.subscribe(send, options.lastEventId)
  sink.onClose(() => {
    unsubscribe()
    clearInterval(keepAlive)
    clearTimeout(stall)
    admitted.release()
    // Logged once its place is free again: a speaker sees why a viewer reconnected.
    if (cutOff)
      info(`[docker-talk] cut off a stalled ${options.what} of ${options.client}: ${cutOff}`)
  })
  return { send }
}
