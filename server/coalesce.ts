// Output that arrives within one turn of the event loop leaves as one event. The engine's stream
// delivers a 10 MB flood as thousands of small frames, several per socket read; one event per
// frame would cost every viewer a JSON parse and a terminal write each. Flushing on setImmediate
// adds no delay (it runs right after the I/O that brought the data) and keeps stdout and stderr
// in the order they arrived.
export type OutputStream = 'stdout' | 'stderr'

export class OutputCoalescer {
  private pending: { stream: OutputStream, text: string }[] = []
  private scheduled: NodeJS.Immediate | undefined

  constructor(private readonly emit: (stream: OutputStream, text: string) => void) {}

  write(stream: OutputStream, text: string): void {
    const last = this.pending.at(-1)
    if (last?.stream === stream) last.text += text
    else this.pending.push({ stream, text })
    this.scheduled ??= setImmediate(() => this.flush())
  }

  /** Emits what is pending now: before any other event of the run, so output stays in its step. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
    const pending = this.pending
    this.pending = []
    for (const { stream, text } of pending) this.emit(stream, text)
  }
}
