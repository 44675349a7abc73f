// The README's picture of a demo slide (docs/demo-slide.png): the hello slide after a run, its
// output on the slide, as the audience sees it. Made on every e2e run, so it follows the deck.
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { slideOf } from '../support/slides'
import { useDeck } from '../support/useDeck'

const deck = useDeck()
const PICTURE = resolve(import.meta.dirname, '../../docs/demo-slide.png')

it('writes docs/demo-slide.png: the hello slide with its output', async () => {
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 720 },
  })
  await page.goto(`${deck.url}/${await slideOf('hello')}`)
  const demo = page.locator('[data-demo="hello"]')
  await demo.locator('button.run').click()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  await demo.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  // The slide at rest: no focus ring on Run, and no presenter's cursor (Slidev mirrors the cursor of
  // a presenter window on the shared deck into every window, drawn as an svg.stroke-white).
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
