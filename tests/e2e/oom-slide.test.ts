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

it('the memory-limit slide shows the OOM kill the engine reports, not just exit 137', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${deck.url}/${await slideOf('oom-kill')}`)
  const demo = page.locator('[data-demo="oom-kill"]')
  await demo.locator('.cli-line', { hasText: 'docker run --rm --memory 16m talk/limits eat-memory' }).waitFor({ timeout: 90_000 })
  await demo.locator('button.run').click()
  await demo.locator('.xterm-rows', { hasText: 'memory limit: 16 MiB' }).waitFor()
  const status = demo.locator('[data-testid="status"]', { hasText: 'exit 137 · OOM-killed' })
  await status.waitFor()
  expect(await status.getAttribute('class')).toContain('oom')
  expect(errors).toEqual([])
  expect(await managedObjects()).toEqual({ containers: 0, networks: 0, volumes: 0 })
})
