import type { Locator, Page } from 'playwright-chromium'
// A paced demo (Demo.paced) clicked through in the presenter window with the audience window
// open: each click runs one step, both windows highlight its CLI line and show its output, and
// leaving the slide mid-demo stops the run and removes its container.
import { expect, it } from 'vitest'
import { inRun, runStartedBy } from '../support/demoRun'
import { expectNothingLeft } from '../support/engine'
import { deckSlides } from '../support/slides'
import { terminalText } from '../support/terminal'
import { openPage, useDeck } from '../support/useDeck'

const deck = useDeck()
const errors: string[] = []
const DEMO = 'cli-tour'

const open = (path: string): Promise<Page> => openPage(deck, path, errors)

/** The demo's slide by the path Slidev itself navigates to: its routeAlias, else its number. */
async function slidePath(): Promise<string> {
  const slide = (await deckSlides()).find(s => s.demos.includes(DEMO))!
  return slide.routeAlias ?? String(slide.no)
}

/**
 * The audience window, opened once the presenter's is, and shown before the presenter's first
 * click: Slidev syncs navigation both ways, and a window that is still loading (Vite reloads a
 * page that finds new dependencies) reports its slide at clicks 0, which sets the presenter's back.
 */
async function openFollower(path: string): Promise<Page> {
  const page = await open(path)
  await page.locator(`[data-demo="${DEMO}"] [data-testid="pace"]`).waitFor()
  return page
}

/** The presenter's key for step `step`: →, space or `r`, each one click. */
const KEYS = ['ArrowRight', 'Space', 'r']

/** Presses the key and resolves once the server has taken the step (run or advance answered). */
async function click(presenter: Page, step: number): Promise<void> {
  const answered = presenter.waitForResponse(r => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/demos/${DEMO}/advance`)
  await presenter.keyboard.press(KEYS[step % KEYS.length]!)
  expect((await answered).status()).toBe(200)
}

/** Both windows show step `step` as current, the lines before it as done, and its output. */
async function expectStepShown(windows: Locator[], step: number, cli: string[]): Promise<void> {
  const last = step === cli.length - 1
  for (const demo of windows) {
    await demo.locator(`.cli-line[data-index="${step}"][data-step="current"]`).waitFor()
    await demo.locator('[data-testid="pace"]', {
      hasText: last
        ? `step ${step + 1} of ${cli.length}`
        : `step ${step + 1} of ${cli.length} done`,
    }).waitFor()
  }
  if (last) {
    for (const demo of windows) await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  }
  const [a, p] = await Promise.all(windows.map(terminalText))
  // One prompt line per step run so far, the same output in both windows.
  expect(a!.split('\n').filter(l => l.startsWith('$ ')).length).toBe(step + 1)
  expect(a).toBe(p)
  const states = await windows[0]!.locator('.cli-line').evaluateAll(els => els.map(e => (e as HTMLElement).dataset.step))
  expect(states).toEqual(cli.map((_, i) => i < step
    ? 'done'
    : i === step
      ? 'current'
      : 'next'))
}

it('runs one step per click in the presenter window, shown in the audience window', async () => {
  const no = await slidePath()
  const presenter = await open(`/presenter/${no}`)
  const inPresenter = presenter.locator(`[data-demo="${DEMO}"]`).first()
  await inPresenter.locator('[data-testid="presenter-status"]', { hasText: 'ready to run live' }).waitFor()
  const audience = await openFollower(`/${no}`)
  const cli = await inPresenter.locator('.cli-line').evaluateAll(els => els.map(e => (e as HTMLElement).dataset.cli!))
  expect(cli.length).toBeGreaterThan(3)
  await expect(inPresenter.locator('button.run').textContent()).resolves.toBe('Run all')
  // The terminal of a paced slide is set in the deck's code size.
  expect(await inPresenter.locator('.xterm-rows').evaluate(el => Number.parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16)

  const runId = await runStartedBy(presenter, DEMO, () => presenter.keyboard.press('ArrowRight'))
  const windows = [
    inRun(audience.locator(`[data-demo="${DEMO}"]`), runId),
    inRun(inPresenter, runId),
  ]
  await expectStepShown(windows, 0, cli)
  expect(await terminalText(windows[0]!)).toContain('Engine')
  for (let step = 1; step < cli.length; step++) {
    await click(presenter, step)
    await expectStepShown(windows, step, cli)
  }
  expect(await terminalText(windows[0]!)).toContain('hello from start -a')
  expect(errors).toEqual([])
  await expectNothingLeft({ instance: deck.instance, demo: DEMO, exceptPrewarmed: true })
  // Twelve steps on the engine, each waited for in two windows: more than one default test's time.
}, 300_000)

it('leaving the slide mid-demo stops the run and removes the container it kept', async () => {
  const presenter = await open(`/presenter/${await slidePath()}`)
  const inPresenter = presenter.locator(`[data-demo="${DEMO}"]`).first()
  await inPresenter.locator('[data-testid="presenter-status"]', { hasText: 'ready to run live' }).waitFor()
  const runId = await runStartedBy(presenter, DEMO, () => presenter.keyboard.press('ArrowRight'))
  await click(presenter, 1)
  // `docker run -d box` has run: its container waits for the next click.
  await inRun(inPresenter, runId).locator('[data-testid="pace"]', { hasText: /step 2 of \d+ done/ }).waitFor()
  const stopped = presenter.waitForResponse(r => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/demos/${DEMO}/stop`)
  await presenter.keyboard.press('ArrowDown')
  expect((await stopped).status()).toBe(200)
  expect(errors).toEqual([])
  await expectNothingLeft({ instance: deck.instance, demo: DEMO, exceptPrewarmed: true })
})

it('run the rest runs a waiting paced run\'s remaining steps back to back', async () => {
  const presenter = await open(`/presenter/${await slidePath()}`)
  const inPresenter = presenter.locator(`[data-demo="${DEMO}"]`).first()
  await inPresenter.locator('[data-testid="presenter-status"]', { hasText: 'ready to run live' }).waitFor()
  const runId = await runStartedBy(presenter, DEMO, () => presenter.keyboard.press('ArrowRight'))
  const demo = inRun(inPresenter, runId)
  await demo.locator('[data-testid="pace"]', { hasText: /step 1 of \d+ done/ }).waitFor()
  await demo.locator('button.run', { hasText: 'Run the rest' }).click()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  expect(await terminalText(demo)).toContain('hello from start -a')
  expect(await demo.locator('button.run').textContent()).toBe('Run all')
  expect(errors).toEqual([])
  await expectNothingLeft({ instance: deck.instance, demo: DEMO, exceptPrewarmed: true })
})
