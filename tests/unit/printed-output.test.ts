import { expect, it } from 'vitest'
import { elide, MAX_PRINTED_LINES, toLines, withColours } from '../../composables/printedOutput'

it('splits output into lines that keep each piece\'s stream', () => {
  expect(toLines([
    { kind: 'stdout', text: 'a\nb' },
    { kind: 'stderr', text: 'c\n' },
    { kind: 'stdout', text: 'd\n' },
  ])).toEqual([
    [
      { kind: 'stdout', text: 'a' },
    ],
    [
      { kind: 'stdout', text: 'b' },
      { kind: 'stderr', text: 'c' },
    ],
    [
      { kind: 'stdout', text: 'd' },
    ],
  ])
  expect(toLines([
    { kind: 'stdout', text: 'x\n\ny\n' },
  ])).toEqual([
    [
      { kind: 'stdout', text: 'x' },
    ],
    [],
    [
      { kind: 'stdout', text: 'y' },
    ],
  ])
})

it('keeps short output whole and gives long output its head, its tail and a count of the rest', () => {
  const lines = Array.from({ length: 500 }, (_, i) => [
    { kind: 'stdout' as const, text: `line ${i}` },
  ])
  expect(elide(lines.slice(0, MAX_PRINTED_LINES))).toHaveLength(MAX_PRINTED_LINES)
  const printed = elide(lines)
  expect(printed).toHaveLength(MAX_PRINTED_LINES)
  expect(printed[0]![0]!.text).toBe('line 0')
  expect(printed.at(-1)![0]!.text).toBe('line 499')
  expect(printed.find(l => l[0]?.kind === 'notice')![0]!.text).toBe(`… ${500 - MAX_PRINTED_LINES + 1} lines not shown here (the recording keeps them) …`)
})

it('prints output in the colours its program wrote, escaped, a colour carrying on to the next line', () => {
  const [first, second] = withColours(toLines([
    { kind: 'stdout', text: '\x1B[31mred <b>\nstill red\x1B[0m plain\x1B[2K\n' },
  ]))
  expect(first).toEqual([
    { kind: 'stdout', text: '\x1B[31mred <b>', html: '<span style="color:rgb(187,0,0)">red &lt;b&gt;</span>' },
  ])
  expect(second![0]!.html).toBe('<span style="color:rgb(187,0,0)">still red</span> plain')
})
