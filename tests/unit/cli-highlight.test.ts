import type { Token } from '../../deck/highlight'
// The demos' CLI lines, highlighted at build time in the deck's code themes: every catalog line
// gets tokens that spell the line, coloured for both colour schemes, and a line split for the
// slide keeps its tokens' colours while what the split added stays plain.
import { beforeAll, expect, it } from 'vitest'
import { splitLine } from '../../deck/cli-lines'
import { colourShown, highlightCli } from '../../deck/highlight'
import { catalog } from '../../demos/catalog'

// Loading shiki's grammar and themes takes seconds on a loaded machine: once for the file.
let tokens: Record<string, Token[]>
beforeAll(async () => {
  tokens = await highlightCli(catalog)
}, 60_000)

it('highlights every catalog CLI line into tokens that spell it, in both themes', () => {
  const lines = [
    ...new Set(catalog.flatMap(d => d.steps.map(s => s.cli))),
  ]
  expect(Object.keys(tokens).sort()).toEqual(lines.sort())
  for (const line of lines) {
    expect(tokens[line]!.map(t => t[0]).join('')).toBe(line)
    for (const [, light, dark] of tokens[line]!) {
      expect([light, dark]).toEqual([
        expect.stringMatching(/^#[0-9A-F]{6,8}$/i),
        expect.stringMatching(/^#[0-9A-F]{6,8}$/i),
      ])
    }
  }
  const hello = tokens[catalog.find(d => d.id === 'hello')!.steps[0]!.cli]!
  expect(hello[0]![0]).toBe('docker')
  expect(new Set(hello.map(t => t[1])).size).toBeGreaterThanOrEqual(3)
})

it('colours a line split for the slide like the line itself; the added ` \\` and indent stay plain', () => {
  const line = catalog.flatMap(d => d.steps.map(s => s.cli)).find(l => l.length > 60)!
  const shown = splitLine(line, 40).join('\n')
  expect(shown).toContain(' \\\n    ')
  const segments = colourShown(shown, tokens[line]!)
  expect(segments.map(s => s.text).join('')).toBe(shown)
  // Without what the split added, the coloured text is the line, each character in its token's colour.
  const coloured = segments.filter(s => s.light)
  expect(coloured.map(s => s.text).join('')).toBe(line)
  expect(segments.filter(s => !s.light).map(s => s.text).join('')).toMatch(/^[\s\\]+$/)
  expect(segments[0]).toMatchObject({ text: 'docker', light: tokens[line]![0]![1], dark: tokens[line]![0]![2] })
})
