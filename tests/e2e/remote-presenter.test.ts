// A presenter on another machine (`slidev --remote`): the toolbar says the window only watches,
// Run is refused with the server's reason, and once the presenter types the secret the server
// printed, the same window runs the demo.
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Deck } from '../support/deck'
import { launchChromium, startDeck } from '../support/deck'
import { managedObjects } from '../support/engine'
import { slideOf } from '../support/slides'

// This machine's own non-loopback address stands in for a second machine on the network.
const lanAddress = Object.values(networkInterfaces()).flat().find(i => i && i.family === 'IPv4' && !i.internal)?.address
const SECRET = 'stage-secret-for-tests'

let deck: Deck
let browser: Browser
beforeAll(async () => {
  if (!lanAddress) return
  ;[deck, browser] = await Promise.all([startDeck({ TALK_PRESENTER_SECRET: SECRET }, ['--remote']), launchChromium()])
})
afterAll(async () => {
  await browser?.close()
  await deck?.stop()
})

it.skipIf(!lanAddress)('a remote presenter window runs demos only after entering the presenter secret', async () => {
  const no = await slideOf('hello')
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${deck.url.replace('localhost', lanAddress!)}/presenter/${no}`)
  const demo = page.locator('[data-demo="hello"]').first()
  const secretButton = page.locator('[data-testid="presenter-secret"]')

  expect(deck.output()).toContain(`presenter secret ${SECRET}`)
  await secretButton.waitFor()
  await demo.locator('button.run').click()
  await demo.locator('[data-testid="status"]', { hasText: 'only the presenter may run or stop demos' }).waitFor()

  page.once('dialog', dialog => void dialog.accept(SECRET))
  await secretButton.click()
  await secretButton.waitFor({ state: 'detached' })
  await demo.locator('button.run').click()
  await demo.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  expect(errors).toEqual([])
  expect(await managedObjects()).toEqual({ containers: 0, networks: 0, volumes: 0 })
})
