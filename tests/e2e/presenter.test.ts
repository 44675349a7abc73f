import type { Page } from 'playwright-chromium'
// Presenter and audience windows on one deck: Run and Stop in the presenter, the same output in
// the audience window (one server-side stream), history after a reload, the run shortcut, and
// the presenter's engine/readiness status.
import { expect, it } from 'vitest'
import { inRun, runStartedBy } from '../support/demoRun'
import { expectNothingLeft } from '../support/engine'
import { deckSlides, slideOf } from '../support/slides'
import { terminalText } from '../support/terminal'
import { openPage, useDeck } from '../support/useDeck'

const deck = useDeck()
const errors: string[] = []

const open = (path: string): Promise<Page> => openPage(deck, path, errors)

it('runs from the presenter, mirrors to the audience, and gives a reloaded audience the history', async () => {
  const no = await slideOf('ticker')
  const presenter = await open(`/presenter/${no}`)
  const audience = await open(`/${no}`)
  const demoInPresenter = presenter.locator('[data-demo="ticker"]').first()

  await presenter.locator('[data-testid="presenter-engine"] [data-demo-ready="ticker"]', { hasText: 'live' }).waitFor()
  await demoInPresenter.locator('[data-testid="presenter-status"]', { hasText: 'ready to run live' }).waitFor()

  const runId = await runStartedBy(presenter, 'ticker', () => demoInPresenter.locator('button.run').click())
  const inPresenter = inRun(demoInPresenter, runId)
  const inAudience = inRun(audience.locator('[data-demo="ticker"]'), runId)
  await inAudience.locator('.xterm-rows', { hasText: 'tick 3' }).waitFor()
  await inAudience.locator('[data-testid="status"]', { hasText: 'running' }).waitFor()

  await audience.reload()
  await inAudience.locator('.xterm-rows', { hasText: /tick (1[5-9]|[2-9]\d)/ }).waitFor()
  const reloaded = await terminalText(inAudience)
  expect(reloaded).toMatch(/^\$ docker run --rm talk\/busybox/)
  expect(reloaded).toContain('tick 1\n')
  expect(reloaded).toContain('tick 2\n')

  await inPresenter.locator('button.stop').click()
  await inAudience.locator('[data-testid="status"]', { hasText: 'stopped' }).waitFor()
  await inPresenter.locator('[data-testid="status"]', { hasText: 'stopped' }).waitFor()
  // Both windows show the same output, line for line.
  const [a, p] = await Promise.all([
    terminalText(inAudience),
    terminalText(inPresenter),
  ])
  expect(a).toBe(p)
  expect(errors).toEqual([])
})

it('runs the current slide\'s demo with the r shortcut in the presenter window', async () => {
  const no = await slideOf('hello')
  const presenter = await open(`/presenter/${no}`)
  const audience = await open(`/${no}`)
  await presenter.locator('[data-testid="presenter-engine"] [data-demo-ready="hello"]', { hasText: 'live' }).waitFor()
  const inAudience = inRun(audience.locator('[data-demo="hello"]'), await runStartedBy(presenter, 'hello', () => presenter.locator('body').press('r')))
  await inAudience.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  await inAudience.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  expect(errors).toEqual([])
  // Both windows entered the slide, and each prewarms the next run's container: one may be ready.
  await expectNothingLeft({ instance: deck.instance, exceptPrewarmed: true })
})

it('in print mode opens no stream, starts no run and shows the recording, dated', async () => {
  const no = await slideOf('hello')
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 720 },
  })
  const apiCalls: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/'))
      apiCalls.push(r.url())
  })
  page.on('pageerror', e => errors.push(`print: ${e.message}`))
  await page.goto(`${deck.url}/${no}?print=true`)
  const demo = page.locator('[data-demo="hello"]')
  expect(await demo.getAttribute('data-waitfor')).toBe('.demo-printed')
  await demo.locator('.demo-printed', { hasText: /^recorded \d{1,2} \w{3} \d{4} on Docker \d+\.\d+\.\d\S*$/ }).waitFor()
  expect(await demo.locator('.recorded-output').textContent()).toContain('hi there')
  expect(await demo.locator('button.run').count()).toBe(0)
  expect(apiCalls).toEqual([])
  expect(errors).toEqual([])
})

it('the toolbar\'s rehearse button runs the talk\'s demos in slide order, a row each', async () => {
  const presenter = await open('/presenter/1')
  const first = (await deckSlides()).find(s => s.demos.length)!
  await presenter.getByTestId('rehearse').click()
  // The first demo of the talk comes first; a second click stops the rehearsal after the current demo.
  const row = presenter.locator(`[data-testid="rehearsal"] [data-rehearsed="${first.demos[0]}"]`)
  await row.waitFor({ timeout: 60_000 })
  await presenter.getByTestId('rehearse').click()
  await presenter.locator('[data-testid="rehearse"][data-running="false"]').waitFor({ timeout: 60_000 })
  expect((await row.locator('td').allTextContents()).slice(0, 3)).toEqual([
    String(first.no),
    first.demos[0],
    'live',
  ])
  expect(await row.locator('td').last().textContent()).toBe('same')
  await presenter.close()
})
