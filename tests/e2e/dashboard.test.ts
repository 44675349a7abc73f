// The dashboard slide in the real deck: a demo's container appears once the engine starts it and
// disappears once it is removed, with no reload (the dashboard follows the engine's event stream);
// the Stop button works on the talk's own containers. How soon is printed, not asserted: on a
// shared machine it depends on what else runs.
import type { IncomingMessage } from 'node:http'
import { expect, it } from 'vitest'
import { labelConditions } from '../../shared/labels'
import { docker } from '../support/engine'
import { slideMatching } from '../support/slides'
import { useDeck } from '../support/useDeck'

const SLIDE = await slideMatching(/<EngineDashboard\b/)
const deck = useDeck()

/** Resolves with the local time at which the engine reports `action` for a container of `demo`. */
async function engineEvent(demo: string, action: string): Promise<() => Promise<number>> {
  const stream = await docker.getEvents({
    filters: {
      type: ['container'],
      event: [action],
      label: labelConditions({ instance: deck.instance, demo }),
    },
  }) as IncomingMessage
  const at = new Promise<number>((resolve) => {
    stream.once('data', () => {
      resolve(Date.now())
      stream.destroy()
    })
  })
  return () => at
}

/**
 * Resolves with the wall-clock time at which the page's DOM first satisfies `present` for `selector`,
 * seen by a MutationObserver inside the page (Playwright's own waits add their polling delay).
 */
function domChange(page: import('playwright-chromium').Page, selector: string, present: boolean): Promise<number> {
  return page.evaluate(([sel, want]) => new Promise<number>((resolve) => {
    const check = (): boolean => {
      if ((document.querySelector(sel) !== null) !== want)
        return false
      resolve(performance.timeOrigin + performance.now())
      return true
    }
    if (check())
      return
    const observer = new MutationObserver(() => {
      if (check())
        observer.disconnect()
    })
    observer.observe(document.body, { subtree: true, childList: true, attributes: true })
  }), [selector, present] as const)
}

it('shows a demo container once it starts and drops it once it is removed', async () => {
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 800 },
  })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${deck.url}/${SLIDE}`)
  const dashboard = page.getByTestId('engine-dashboard')
  await dashboard.and(page.locator('[data-connected="true"]')).waitFor({ timeout: 90_000 })
  // The image list is loaded (it shows the newest few: talk/busybox, built first, may not be among them).
  await dashboard.locator('[data-image]').first().waitFor()

  const started = await engineEvent('ticker', 'start')
  const appeared = domChange(page, '[data-container-demo="ticker"][data-state="running"]', true)
  const res = await page.request.post(`${deck.url}/api/demos/ticker/run`)
  expect(res.status()).toBe(202)
  const row = dashboard.locator('[data-container-demo="ticker"][data-state="running"]')
  const shown = await appeared
  const appearDelay = shown - await started()
  // eslint-disable-next-line no-console -- a timing for whoever reads the test log (speed is measured by npm run bench)
  console.log(`dashboard showed the started container ${Math.round(appearDelay)} ms after the engine's start event`)
  // Waits as a page wait does (its limit is for a hang): expect.poll's one second is short on a busy machine.
  await row.locator('.uptime', { hasText: /^\d+s$/ }).waitFor()

  // Stop from the dashboard: the run stops the container and removes it.
  const destroyed = await engineEvent('ticker', 'destroy')
  const dropped = domChange(page, '[data-container-demo="ticker"]', false)
  await row.getByRole('button', { name: 'Stop' }).click()
  const gone = await dropped
  const dropDelay = gone - await destroyed()
  // eslint-disable-next-line no-console -- a timing for whoever reads the test log (speed is measured by npm run bench)
  console.log(`dashboard dropped the removed container ${Math.round(dropDelay)} ms after the engine's destroy event`)
  await page.screenshot({ path: '/tmp/dashboard.png' })
  expect(errors).toEqual([])
})

it('in print mode the dashboard and the live shell open no connection and say they are live in the talk', async () => {
  const shellSlide = await slideMatching(/<ContainerTerminal\b/)
  for (const [no, text] of [
    [SLIDE, 'shown live in the talk'],
    [shellSlide, 'shown live in the talk'],
  ] as const) {
    const page = await deck.browser.newPage({
      viewport: { width: 1280, height: 720 },
    })
    page.setDefaultTimeout(60_000)
    const apiCalls: string[] = []
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/'))
        apiCalls.push(r.url())
    })
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).pathname.startsWith('/api/'))
        apiCalls.push(ws.url())
    })
    await page.goto(`${deck.url}/${no}?print=true`)
    await page.locator(`.slidev-page-${no}`).getByText(text).waitFor()
    expect(apiCalls).toEqual([])
    await page.close()
  }
})
