// Feeds text to a terminal no faster than it parses, in slices, and never parses what it would
// only throw away. xterm parses each write whole and yields to the page between writes, so slices
// keep each task short; and when a 10 MB run arrives faster than it can be parsed, the lines that
// would scroll out of the scrollback before anyone could see them are skipped: the terminal ends
// up showing exactly what it would have shown, without the page working through all 10 MB.

export interface TerminalFeed {
  /** `dress` wraps each slice on its own (e.g. in a colour and its reset), so every slice stands alone. */
  write: (text: string, dress?: (slice: string) => string) => void
  /** Drops everything not yet handed to the terminal (a new run begins). */
  clear: () => void
}

export interface FeedOptions {
  /** Lines the terminal keeps (scrollback plus visible rows): older queued lines are skipped. */
  keepLines: number
  /** Longest single write handed to the terminal. */
  slice?: number
  /** Characters handed over but not yet parsed, at most. */
  inFlight?: number
}

function countLines(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** `write(data, done)` is the terminal's: xterm calls `done` once it has parsed `data`. */
export function createTerminalFeed(write: (data: string, done: () => void) => void, options: FeedOptions): TerminalFeed {
  const slice = options.slice ?? 4096
  const maxInFlight = options.inFlight ?? 4 * slice
  let queue: { text: string, lines: number }[] = []
  let queuedLines = 0
  let inFlight = 0
  let generation = 0

  function pump(): void {
    // Whole slices only, and only once later lines alone fill the terminal: nothing that could
    // still be on screen or in the scrollback is skipped.
    while (queue.length > 1 && queuedLines - queue[0]!.lines >= options.keepLines) queuedLines -= queue.shift()!.lines
    while (inFlight < maxInFlight && queue.length) {
      const next = queue.shift()!
      queuedLines -= next.lines
      inFlight += next.text.length
      const mine = generation
      write(next.text, () => {
        if (mine !== generation)
          return
        inFlight -= next.text.length
        pump()
      })
    }
  }

  return {
    write: (text, dress) => {
      for (let i = 0; i < text.length; i += slice) {
        const part = text.slice(i, i + slice)
        const lines = countLines(part)
        queue.push({
          text: dress
            ? dress(part)
            : part,
          lines,
        })
        queuedLines += lines
      }
      pump()
    },
    clear: () => {
      generation++
      queue = []
      queuedLines = 0
      inFlight = 0
    },
  }
}
