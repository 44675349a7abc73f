// The flood slide in Chromium: how long the page's main thread blocks while 10 MB stream onto it.
// Per round a fresh page opens the slide, records long tasks (50 ms or more) from the Run click
// until the last line is on screen, and keeps the longest and their total.
import { launchChromium, startDeck } from '../scripts/deck-process'
import { FLOOD_ENTRY, longTasks, openFloodSlide, removeFloodEntry, runFlood, watchLongTasks, writeFloodEntry } from '../scripts/flood-deck'

export interface ResponsivenessResult {
  /** Per round, the longest main-thread task (ms; 0 when none reached 50 ms). */
  longestMs: number[]
  /** Per round, the summed duration of every long task (ms). */
  totalMs: number[]
}

export async function measureResponsiveness(rounds: number): Promise<ResponsivenessResult> {
  await writeFloodEntry()
  const result: ResponsivenessResult = { longestMs: [], totalMs: [] }
  try {
    const [deck, browser] = await Promise.all([
      startDeck({
        args: [FLOOD_ENTRY],
      }),
      launchChromium(),
    ])
    try {
      // One visit first, unmeasured: it compiles the deck.
      const warm = await browser.newPage()
      await openFloodSlide(warm, deck.url)
      await warm.close()
      for (let i = 0; i < rounds; i++) {
        const page = await browser.newPage({
          viewport: { width: 1280, height: 720 },
        })
        const demo = await openFloodSlide(page, deck.url)
        await watchLongTasks(page)
        await runFlood(demo)
        const tasks = await longTasks(page)
        result.longestMs.push(Math.max(0, ...tasks.map(t => t.duration)))
        result.totalMs.push(tasks.reduce((sum, t) => sum + t.duration, 0))
        await page.close()
      }
    }
    finally {
      await browser.close()
      await deck.stop()
    }
  }
  finally {
    await removeFloodEntry()
  }
  return result
}
