// With no engine, the slide says so instead of spinning (Run replays the recording, labelled as a
// replay because the engine is offline); opening a demo slide never starts a run.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Deck } from '../support/deck'
import { slideOf } from '../support/slides'
import { launchChromium, startDeck } from '../support/deck'

let deck: Deck
let browser: Browser
beforeAll(async () => {
  ;[deck, browser] = await Promise.all([startDeck({ DOCKER_HOST: 'unix:///tmp/no-engine-here.sock' }), launchChromium()])
})
afterAll(async () => {
  await browser?.close()
  await deck?.stop()
})

it('says the engine is offline on Run, and does not start anything on its own', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  await page.goto(`${deck.url}/${await slideOf('hello')}`)
  const demo = page.locator('[data-demo="hello"]')
  await demo.locator('.cli-line', { hasText: 'docker run' }).waitFor()
  expect(await (await page.request.get(`${deck.url}/api/demos/hello`)).json()).toMatchObject({ run: null })
  await demo.locator('button.run').click()
  await demo.locator('[data-testid="replay"]', { hasText: 'replay: engine offline' }).waitFor()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
})
