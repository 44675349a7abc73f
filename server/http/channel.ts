// One channel per demo: the current (or last) run's events, kept within a byte budget, and fanned
// out to every subscriber. A late joiner gets the history first, then live events, so the
// presenter, the audience window and a reloaded tab all show the same output.
import type { Sent, StreamEventName, StreamEvents } from '../../shared/protocol'

export type StreamMessage = Sent<StreamEvents>

interface Entry {
  /** Handed as it is to every subscriber: sse.ts encodes it once for all of them. */
  message: StreamMessage
  /** Output bytes; 0 for structural events, which are never dropped. */
  size: number
  removed: boolean
}

export type Subscriber = (message: StreamMessage) => void

export class Channel {
  private entries: Entry[] = []
  /** Oldest entry not yet considered for dropping. */
  private head = 0
  private bytes = 0
  private droppedBytes = 0
  /** Highest seq that was dropped; a resume from before it must get the full history. */
  private droppedUpTo = -1
  private seq = 0
  private readonly subscribers = new Set<Subscriber>()

  constructor(private readonly maxBytes: number) {}

  /** Starts a new run's history: the `run` event is the first thing every subscriber sees. */
  begin(data: StreamEvents['run']): void {
    this.entries = []
    this.head = 0
    this.bytes = 0
    this.droppedBytes = 0
    this.droppedUpTo = -1
    this.publish('run', data)
  }

  publish<K extends StreamEventName>(event: K, data: StreamEvents[K]): void {
    const message = { seq: ++this.seq, event, data } as StreamMessage
    const size = event === 'stdout' || event === 'stderr' ? (data as { text: string }).text.length : 0
    this.entries.push({ message, size, removed: false })
    this.bytes += size
    if (this.bytes > this.maxBytes) this.trim()
    for (const s of this.subscribers) s(message)
  }

  /**
   * Sends the history (or, for a client resuming with Last-Event-ID, only what it missed)
   * and then every live event, until the returned function is called.
   */
  subscribe(subscriber: Subscriber, lastEventId?: number): () => void {
    const resumable = lastEventId !== undefined && lastEventId >= this.droppedUpTo
      && this.entries.length > 0 && lastEventId >= this.entries[0]!.message.seq - 1 && lastEventId <= this.seq
    let noticeSent = false
    for (const e of this.entries) {
      if (resumable && e.message.seq <= lastEventId) continue
      if (e.removed) {
        if (!noticeSent && !resumable) subscriber({ seq: e.message.seq, event: 'dropped', data: { bytes: this.droppedBytes } })
        noticeSent = true
        continue
      }
      subscriber(e.message)
    }
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }

  private trim(): void {
    while (this.bytes > this.maxBytes && this.head < this.entries.length) {
      const e = this.entries[this.head++]!
      if (e.size === 0) continue
      e.removed = true
      this.bytes -= e.size
      this.droppedBytes += e.size
      this.droppedUpTo = e.message.seq
    }
    // Keep one removed entry (where the notice goes) and compact the rest away now and then.
    if (this.head > 1024 && this.head > this.entries.length / 2) {
      let marker = false
      const considered = this.entries.slice(0, this.head).filter((e) => {
        if (!e.removed) return true
        if (marker) return false
        marker = true
        return true
      })
      this.entries = considered.concat(this.entries.slice(this.head))
      this.head = considered.length
    }
  }
}
