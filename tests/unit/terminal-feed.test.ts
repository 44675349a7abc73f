import { describe, expect, it } from 'vitest'
import { createTerminalFeed } from '../../composables/terminalFeed'

/** A terminal that parses only when told to, like xterm between tasks. */
function fakeTerminal() {
  const pending: { data: string, done: () => void }[] = []
  let parsed = ''
  return {
    write: (data: string, done: () => void) => { pending.push({ data, done }) },
    parseAll: () => {
      while (pending.length) {
        const { data, done } = pending.shift()!
        parsed += data
        done()
      }
    },
    get parsed() { return parsed },
    get inFlight() { return pending.reduce((n, p) => n + p.data.length, 0) },
  }
}

const lines = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('')

describe('terminal feed', () => {
  it('hands the terminal small slices, a bounded amount at a time, in order and complete when it keeps up', () => {
    const term = fakeTerminal()
    const feed = createTerminalFeed(term.write, { keepLines: 1_000_000, slice: 100, inFlight: 300 })
    const text = lines(1, 500)
    feed.write(text)
    expect(term.inFlight).toBeLessThanOrEqual(300)
    term.parseAll()
    expect(term.parsed).toBe(text)
  })

  it('skips only lines the terminal would have scrolled out: the last keepLines lines all arrive, in order', () => {
    const term = fakeTerminal()
    const feed = createTerminalFeed(term.write, { keepLines: 50, slice: 64, inFlight: 64 })
    feed.write(lines(1, 10_000))
    term.parseAll()
    const got = term.parsed.split('\n').filter(Boolean)
    expect(got.length).toBeLessThan(10_000)
    expect(got.slice(-50)).toEqual(lines(9_951, 10_000).split('\n').filter(Boolean))
    // Whatever was kept is a run of consecutive lines at the end, plus the first slice handed over at once.
    const numbers = got.map(l => Number(l.split(' ')[1]))
    const tailStart = numbers.findIndex((n, i) => i > 0 && n !== numbers[i - 1]! + 1)
    expect(numbers.slice(tailStart).every((n, i, all) => i === 0 || n === all[i - 1]! + 1)).toBe(true)
  })

  it('clear drops what is queued, and late callbacks of the old output change nothing', () => {
    const term = fakeTerminal()
    const feed = createTerminalFeed(term.write, { keepLines: 1000, slice: 10, inFlight: 10 })
    feed.write('a'.repeat(100))
    feed.clear()
    feed.write('new\n')
    term.parseAll()
    expect(term.parsed).toBe(`${'a'.repeat(10)}new\n`)
  })
})
