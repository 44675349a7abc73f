// The 10 MB flood demo on its slide: while 200,000 lines stream in, the page never blocks for
// 200 ms or more (PerformanceObserver 'longtask'), and the terminal ends on the last line with
// the lines before it in order. The slide is hidden in the talk, so this test serves it in a deck
// of its own: an entry file in the project root (Slidev takes components, setup and vite.config
// from the entry's folder) that imports pages/stress.md without `hide`.
import { rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FLOOD_LINES, floodLine } from '../../demos/catalog/stress'
import { managedObjects } from '../support/engine'
import { terminalText } from '../support/terminal'
import { useDeck } from '../support/useDeck'

const ROOT = resolve(import.meta.dirname, '../..')
const ENTRY = `.e2e-flood-${process.pid}.md`
const FLOOD_SLIDE = 2
const LONG_TASK_LIMIT_MS = 200

// Hooks registered before useDeck's: the entry is there before the deck starts (beforeAll hooks
// run in order) and removed after it stops (afterAll hooks run in reverse).
beforeAll(() => writeFile(resolve(ROOT, ENTRY), '---\ntitle: flood (test deck)\n---\n\n# Test deck\n\n---\nsrc: ./pages/stress.md\n---\n'))
afterAll(() => rm(resolve(ROOT, ENTRY), { force: true }))
const deck = useDeck({ args: [ENTRY] })

declare global { interface Window { longTasks: { start: number, duration: number }[] } }

it('stays responsive while 10 MB stream onto the slide: no long task of 200 ms or more', async () => {
  const page = await deck.browser.newPage({ viewport: { width: 1280, height: 720 } })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${deck.url}/${FLOOD_SLIDE}`)
  const demo = page.locator('[data-demo="flood"]')
  // A first visit compiles the deck: slow on a loaded machine, and not what this test measures.
  await demo.locator('.cli-line', { hasText: 'docker run --rm talk/busybox awk' }).waitFor({ timeout: 120_000 })

  // Observed from the click on: loading the deck is not what this measures.
  await page.evaluate(() => {
    window.longTasks = []
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask' })
  })
  await demo.locator('button.run').click()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor({ timeout: 90_000 })
  // xterm parses what arrived in slices of its own; the run is on screen once the last line is.
  const last = floodLine(FLOOD_LINES).trimEnd()
  await demo.locator('.xterm-rows', { hasText: last }).waitFor({ timeout: 60_000 })

  const longTasks = await page.evaluate(() => window.longTasks)
  expect(longTasks.filter(t => t.duration >= LONG_TASK_LIMIT_MS)).toEqual([])
  // The terminal keeps the last lines (its scrollback): each the one after the line before it.
  const lines = (await terminalText(demo)).split('\n').filter(l => l.startsWith('line '))
  expect(lines.length).toBeGreaterThan(1000)
  const first = FLOOD_LINES - lines.length + 1
  expect(lines.map((l, i) => `${l}\n` === floodLine(first + i)).every(Boolean)).toBe(true)
  expect(errors).toEqual([])
  expect(await managedObjects({ instance: deck.instance })).toEqual({ containers: 0, networks: 0, volumes: 0 })
}, 300_000) // the first visit compiles the deck, which a loaded machine takes its time over
