// The demos' CLI lines, highlighted at build time in the deck's code themes: every catalog line
// has HTML whose text is the line itself (escaped), tokens coloured for both colour schemes.
import { expect, it } from 'vitest'
import { catalog } from '../../demos/catalog'
import { highlightCli } from '../../deck/highlight'

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: '\'' }
const text = (html: string): string => html.replace(/<[^>]*>/g, '')
  .replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (_, hex: string, dec: string, name: string) => hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : ENTITIES[name]!)

it('highlights every catalog CLI line, keeping its text', async () => {
  const html = await highlightCli(catalog)
  const lines = catalog.flatMap(d => d.steps.map(s => s.cli))
  expect(Object.keys(html).sort()).toEqual([...new Set(lines)].sort())
  for (const line of lines) expect(text(html[line]!)).toBe(line)
  // `docker` is a token of its own, with a light and a dark colour; the line has several colours.
  const hello = html[catalog.find(d => d.id === 'hello')!.steps[0]!.cli]!
  const token = (t: string): RegExp => new RegExp(`<span style="--shiki-dark:#[0-9A-F]{6};--shiki-light:#[0-9A-F]{6}">${t}`, 'i')
  expect(hello).toMatch(token('docker</span>'))
  expect(new Set(hello.match(/--shiki-light:#[0-9A-F]{6}/gi)).size).toBeGreaterThanOrEqual(3)
})
