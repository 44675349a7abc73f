// Output that arrives within one turn of the event loop leaves as one event. The engine's stream
// delivers a 10 MB flood as thousands of small frames, several per socket read; one event per
// frame would cost every viewer a JSON parse and a terminal write each. Flushing on setImmediate
// adds no delay (it runs right after the I/O that brought the data) and keeps stdout and stderr
// in the order they arrived.
export type OutputStream = 'stdout' | 'stderr'

/**
 * One socket can deliver megabytes in a single turn (libuv reads up to 32 times per wakeup); an
 * event that large would be one long terminal write in every browser, so a full event goes at once.
 */
export const MAX_EVENT_CHARS = 64 * 1024

export class OutputCoalescer {
  private pending: { stream: OutputStream, text: string }[] = []
  private scheduled: NodeJS.Immediate | undefined

  constructor(private readonly emit: (stream: OutputStream, text: string) => void) {}

  write(stream: OutputStream, text: string): void {
    let entry = this.pending.at(-1)
    if (entry?.stream === stream)
      entry.text += text
    else this.pending.push(entry = { stream, text })
    if (entry.text.length >= MAX_EVENT_CHARS)
      return this.flush()
    this.scheduled ??= setImmediate(() => this.flush())
  }

  /** Emits what is pending now: before any other event of the run, so output stays in its step. */
  flush(): void {
    if (this.scheduled)
      clearImmediate(this.scheduled)
    this.scheduled = undefined
    const pending = this.pending
    this.pending = []
    for (const { stream, text } of pending) this.emit(stream, text)
  }
}
