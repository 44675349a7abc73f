import { expect, it } from 'vitest'
import { inRun, runStartedBy } from '../support/demoRun'
import { expectNothingLeft } from '../support/engine'
import { slideOf } from '../support/slides'
import { useDeck } from '../support/useDeck'

const deck = useDeck()

it('runs the hello demo from its slide and shows the output streamed onto it', async () => {
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 720 },
  })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  // The shared deck may hold an earlier run of hello (another file's): it is still the last after the visit.
  const lastRun = async (): Promise<unknown> => (await (await page.request.get(`${deck.url}/api/demos/hello`)).json()).run
  const before = await lastRun()
  await page.goto(`${deck.url}/${await slideOf('hello')}`)
  const demo = page.locator('[data-demo="hello"]')
  // A first visit compiles the slide, which a loaded machine takes its time over.
  await demo.locator('.cli-line', { hasText: 'docker run --rm talk/busybox' }).waitFor({ timeout: 120_000 })
  // Opening the slide (in any window) never starts a run by itself.
  expect(await lastRun()).toEqual(before)
  const run = inRun(demo, await runStartedBy(page, 'hello', () => demo.locator('button.run').click()))
  await run.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  await run.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  expect(errors).toEqual([])
  // The demo server lives inside Slidev's process: Slidev runs on the project's Node 24.
  expect((await (await fetch(`${deck.url}/api/health`)).json() as { node: string }).node).toMatch(/^v24\./)
  // Only hello's: other files' windows on the shared deck may have prewarmed other demos.
  await expectNothingLeft({ instance: deck.instance, demo: 'hello' })
})
