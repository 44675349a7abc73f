// Tells the run a test started from earlier ones. A demo's slide first shows the last run of the
// demo on its server, whoever started it: on the shared deck (useDeck()), possibly another file's,
// with the same output and exit status as the run the test waits for.
import type { Locator, Page } from 'playwright-chromium'

/** Does `act` in `page` (a click on Run, the `r` key) and resolves with the id of the run it started. */
export async function runStartedBy(page: Page, demo: string, act: () => Promise<void>): Promise<string> {
  const answered = page.waitForResponse(r => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/demos/${demo}/run`)
  await act()
  const res = await answered
  if (res.status() !== 202)
    throw new Error(`run ${demo}: HTTP ${res.status()} ${await res.text()}`)
  return (await res.json() as { runId: string }).runId
}

/** The demo element, found only once it shows the run `runId`. */
export function inRun(demo: Locator, runId: string): Locator {
  return demo.and(demo.page().locator(`[data-run-id="${runId}"]`))
}
