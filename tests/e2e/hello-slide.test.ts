// The hello demo run from its slide, its output streamed onto it. The slide after the run is the
// README's picture of a demo slide (docs/demo-slide.png), made on every e2e run so it follows the deck.
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { inRun, runStartedBy } from '../support/demoRun'
import { expectNothingLeft } from '../support/engine'
import { slideOf } from '../support/slides'
import { useDeck } from '../support/useDeck'

const deck = useDeck()
const PICTURE = resolve(import.meta.dirname, '../../docs/demo-slide.png')

it('runs the hello demo from its slide and shows the output streamed onto it; writes it as docs/demo-slide.png', async () => {
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

  // The picture: the slide at rest, with no focus ring on Run and no presenter's cursor (Slidev
  // mirrors the cursor of a presenter window on the shared deck into every window, drawn as an svg.stroke-white).
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur()
    document.querySelectorAll('svg.stroke-white').forEach(e => e.remove())
  })
  const png = await page.screenshot()
  // A PNG of the viewport: signature, then the IHDR chunk's width and height.
  expect(png.subarray(1, 4).toString()).toBe('PNG')
  expect([
    png.readUInt32BE(16),
    png.readUInt32BE(20),
  ]).toEqual([1280, 720])
  await writeFile(PICTURE, png)
})
