import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Deck } from '../support/deck'
import { slideOf } from '../support/slides'
import { launchChromium, startDeck } from '../support/deck'
import { managedObjects } from '../support/engine'

let deck: Deck
let browser: Browser
beforeAll(async () => {
  ;[deck, browser] = await Promise.all([startDeck(), launchChromium()])
})
afterAll(async () => {
  await browser?.close()
  await deck?.stop()
})

it('runs the hello demo from its slide and shows the output streamed onto it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${deck.url}/${await slideOf('hello')}`)
  const demo = page.locator('[data-demo="hello"]')
  await demo.locator('.cli-line', { hasText: 'docker run --rm talk/busybox' }).waitFor()
  // Opening the slide (in any window) never starts a run by itself.
  expect(await (await page.request.get(`${deck.url}/api/demos/hello`)).json()).toMatchObject({ run: null })
  await demo.locator('button.run').click()
  await demo.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  expect(errors).toEqual([])
  expect(await managedObjects()).toEqual({ containers: 0, networks: 0, volumes: 0 })
})
