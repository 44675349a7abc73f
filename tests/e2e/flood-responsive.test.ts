// The 10 MB flood demo on its slide: the 200,000 lines reach the terminal in slices (the screen
// shows the output growing, not one block at the end), the terminal ends on the last line with the
// lines before it in order, and the page answers input afterwards. How long the page blocks
// meanwhile is a benchmark figure (`npm run bench`, BENCHMARKS.md), not a test: on a shared
// machine it depends on what else runs.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FLOOD_LINES, floodLine } from '../../demos/catalog/stress'
import { FLOOD_ENTRY, FLOOD_SLIDE, openFloodSlide, removeFloodEntry, runFlood, writeFloodEntry } from '../../scripts/flood-deck'
import { expectNothingLeft } from '../support/engine'
import { terminalText } from '../support/terminal'
import { useDeck } from '../support/useDeck'

// Hooks registered before useDeck's: the entry is there before the deck starts (beforeAll hooks
// run in order) and removed after it stops (afterAll hooks run in reverse).
beforeAll(writeFloodEntry)
afterAll(removeFloodEntry)
const deck = useDeck({
  args: [FLOOD_ENTRY],
})

declare global { interface Window { floodShown: Set<string> } }

it('streams 10 MB onto the slide in slices, keeps every line it shows in order, and answers input afterwards', async () => {
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 720 },
  })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  const demo = await openFloodSlide(page, deck.url)

  // Every last visible line the terminal shows on the way, seen from inside the page.
  await page.evaluate(() => {
    window.floodShown = new Set()
    const rows = document.querySelector('[data-demo="flood"] .xterm-rows')!
    new MutationObserver(() => {
      const last = [...rows.children].map(r => (r.textContent ?? '').replace(/\u00A0/g, ' ')).filter(t => t.startsWith('line ')).at(-1)
      if (last)
        window.floodShown.add(last.trimEnd())
    }).observe(rows, { subtree: true, childList: true, characterData: true })
  })
  await runFlood(demo)

  // In slices: the screen showed the output part way, not only the finished run.
  const shown = await page.evaluate(() => [...window.floodShown])
  expect(shown.filter(l => l !== floodLine(FLOOD_LINES).trimEnd()).length).toBeGreaterThan(1)
  // The terminal keeps the last lines (its scrollback): each the one after the line before it.
  const lines = (await terminalText(demo)).split('\n').filter(l => l.startsWith('line '))
  expect(lines.length).toBeGreaterThan(1000)
  expect(lines.at(-1)).toBe(floodLine(FLOOD_LINES).trimEnd())
  const first = FLOOD_LINES - lines.length + 1
  expect(lines.map((l, i) => `${l}\n` === floodLine(first + i)).every(Boolean)).toBe(true)

  // The page answers input: the arrow key goes back to the title slide.
  await page.keyboard.press('ArrowLeft')
  await page.waitForURL(url => url.pathname === `/${FLOOD_SLIDE - 1}`)
  expect(errors).toEqual([])
  // The run's container is gone (the slide may have prewarmed the next run's).
  await expectNothingLeft({ instance: deck.instance, exceptPrewarmed: true })
}, 300_000) // the first visit compiles the deck, which a loaded machine takes its time over
