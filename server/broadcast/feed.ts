// The one broadcast core: a feed keeps a bounded history of typed events and hands each event, as
// one shared object, to every subscriber. A late joiner gets the history first, then live events;
// one resuming with Last-Event-ID gets only what it missed. Demo runs, shell sessions, the
// dashboard and the presenter's position are all feeds; how an event goes on the wire (SSE,
// WebSocket) is the edge's business (server/http/).
import type { Sent } from '../../shared/protocol'

export interface FeedOptions<E> {
  /** Output bytes the history keeps; the oldest output goes first. */
  maxBytes: number
  /** An event's output bytes: 0 (the default) for a structural event, which is never dropped. */
  sizeOf?: (message: Sent<E>) => number
  /**
   * A keyed event replaces the last one of its key in place (a size, a list, a position is only
   * ever the latest): a late joiner gets it where the first one was, a resumer gets it as new.
   */
  keyOf?: (message: Sent<E>) => string | undefined
  /** What a late joiner gets where output was dropped; nothing when absent. */
  dropped?: (bytes: number) => Omit<Sent<E>, 'seq'>
  /** Called when the first subscriber joins (true) and the last one leaves (false). */
  onActive?: (active: boolean) => void
}

interface Entry<E> {
  seq: number
  /**
   * Gone once dropped for the budget (a notice takes its place): the entry keeps only its seq, so
   * the history's memory is its budget, not all the output since the last compaction (with it
   * would go the event's text and, through the edge's cache, its encoding).
   */
  message: Sent<E> | undefined
  size: number
}

export type Subscriber<E> = (message: Sent<E>) => void

/** The feed a viewer follows: replay, then live, until unsubscribed. */
export interface EventFeed<E> {
  subscribe: (subscriber: Subscriber<E>, lastEventId?: number) => () => void
}

export class Feed<E> implements EventFeed<E> {
  private entries: Entry<E>[] = []
  /** Oldest entry not yet considered for dropping. */
  private head = 0
  private bytes = 0
  private droppedBytes = 0
  /** Highest seq that was dropped; a resume from before it must get the full history. */
  private droppedUpTo = -1
  /** Seqs are never reused, across begin() too: a stale Last-Event-ID cannot skip a new run's events. */
  private seq = 0
  /** The first seq of the current history: a resume from before it is from an earlier one. */
  private firstSeq = 1
  private readonly keyed = new Map<string, Entry<E>>()
  private readonly subscribers = new Set<Subscriber<E>>()

  constructor(private readonly options: FeedOptions<E>) {}

  /** Forgets the history and publishes the event that starts the new one (a run, a session). */
  begin<K extends keyof E>(event: K, data: E[K]): void {
    this.clear()
    this.publish(event, data)
  }

  /** Forgets the history; subscribers stay. */
  clear(): void {
    this.entries = []
    this.keyed.clear()
    this.firstSeq = this.seq + 1
    this.head = 0
    this.bytes = 0
    this.droppedBytes = 0
    this.droppedUpTo = -1
  }

  publish<K extends keyof E>(event: K, data: E[K]): void {
    const message = { seq: ++this.seq, event, data } as Sent<E>
    const key = this.options.keyOf?.(message)
    const old = key === undefined
      ? undefined
      : this.keyed.get(key)
    if (old) {
      old.message = message
      old.seq = message.seq
    }
    else {
      const entry: Entry<E> = { seq: message.seq, message, size: this.options.sizeOf?.(message) ?? 0 }
      if (key !== undefined)
        this.keyed.set(key, entry)
      this.entries.push(entry)
      this.bytes += entry.size
      if (this.bytes > this.options.maxBytes)
        this.trim()
    }
    for (const s of this.subscribers) s(message)
  }

  subscribe(subscriber: Subscriber<E>, lastEventId?: number): () => void {
    const resumable = lastEventId !== undefined && lastEventId >= this.droppedUpTo && lastEventId <= this.seq
      && lastEventId >= this.firstSeq - 1
    let noticeSent = false
    for (const e of this.entries) {
      if (resumable && e.seq <= lastEventId)
        continue
      if (!e.message) {
        const notice = this.options.dropped?.(this.droppedBytes)
        if (notice && !noticeSent && !resumable)
          subscriber({ ...notice, seq: e.seq } as Sent<E>)
        noticeSent = true
        continue
      }
      subscriber(e.message)
    }
    this.subscribers.add(subscriber)
    if (this.subscribers.size === 1)
      this.options.onActive?.(true)
    return () => {
      if (this.subscribers.delete(subscriber) && this.subscribers.size === 0)
        this.options.onActive?.(false)
    }
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }

  private trim(): void {
    while (this.bytes > this.options.maxBytes && this.head < this.entries.length) {
      const e = this.entries[this.head++]!
      if (e.size === 0)
        continue
      e.message = undefined
      this.bytes -= e.size
      this.droppedBytes += e.size
      this.droppedUpTo = e.seq
    }
    // Keep one dropped entry (where the notice goes) and compact the rest away now and then.
    if (this.head > 1024 && this.head > this.entries.length / 2) {
      let marker = false
      const considered = this.entries.slice(0, this.head).filter((e) => {
        if (e.message)
          return true
        if (marker)
          return false
        marker = true
        return true
      })
      this.entries = considered.concat(this.entries.slice(this.head))
      this.head = considered.length
    }
  }
}
