import type { Locator, Page } from 'playwright-chromium'
import { rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import process from 'node:process'
import { FLOOD_LINES, floodLine } from '../demos/catalog/stress'
// The 10 MB flood slide (pages/stress.md, hidden in the talk) in a deck of its own, for the browser
// test and `npm run bench`: an entry file in the project root (Slidev takes components, setup and
// vite.config from the entry's folder) that imports pages/stress.md without `hide`.
import { PROJECT_ROOT } from '../shared/paths'

const ROOT = PROJECT_ROOT
export const FLOOD_SLIDE = 2

/** The entry's name (one per process, matched by .gitignore's `.e2e-*.md`), for `slidev <entry>`. */
export const FLOOD_ENTRY = `.e2e-flood-${process.pid}.md`

export function writeFloodEntry(): Promise<void> {
  return writeFile(resolve(ROOT, FLOOD_ENTRY), '---\ntitle: flood (test deck)\n---\n\n# Test deck\n\n---\nsrc: ./pages/stress.md\n---\n')
}

export function removeFloodEntry(): Promise<void> {
  return rm(resolve(ROOT, FLOOD_ENTRY), { force: true })
}

/** Opens the flood slide and waits for its CLI line; a first visit compiles the deck. */
export async function openFloodSlide(page: Page, deckUrl: string): Promise<Locator> {
  await page.goto(`${deckUrl}/${FLOOD_SLIDE}`)
  const demo = page.locator('[data-demo="flood"]')
  await demo.locator('.cli-line', { hasText: 'docker run --rm talk/busybox awk' }).waitFor({ timeout: 120_000 })
  return demo
}

declare global { interface Window { longTasks: { start: number, duration: number }[] } }

/** Records the page's long tasks (PerformanceObserver 'longtask', 50 ms or more) from now on. */
export function watchLongTasks(page: Page): Promise<void> {
  return page.evaluate(() => {
    window.longTasks = []
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask' })
  })
}

export function longTasks(page: Page): Promise<{ start: number, duration: number }[]> {
  return page.evaluate(() => window.longTasks)
}

/** The flood's last line, as the terminal shows it. */
export const LAST_FLOOD_LINE = floodLine(FLOOD_LINES).trimEnd()

/** Clicks Run and resolves once the run has exited and its last line is on screen. */
export async function runFlood(demo: Locator): Promise<void> {
  await demo.locator('button.run').click()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor({ timeout: 90_000 })
  // xterm parses what arrived in slices of its own; the run is on screen once the last line is.
  await demo.locator('.xterm-rows', { hasText: LAST_FLOOD_LINE }).waitFor({ timeout: 60_000 })
}
