// A presenter on another machine (`slidev --remote`): the toolbar says the window only watches,
// Run is refused with the server's reason, and once the presenter types the secret the server
// printed, the same window runs the demo.
import { networkInterfaces } from 'node:os'
import { expect, it } from 'vitest'
import { managedObjects } from '../support/engine'
import { slideOf } from '../support/slides'
import { useDeck } from '../support/useDeck'

// This machine's own non-loopback address stands in for a second machine on the network.
const lanAddress = Object.values(networkInterfaces()).flat().find(i => i && i.family === 'IPv4' && !i.internal)?.address
const SECRET = 'stage-secret-for-tests'

// With no address to stand in, the test is skipped; a file with no test to run runs no hooks, so
// no deck starts either.
const deck = useDeck({ env: { TALK_PRESENTER_SECRET: SECRET }, args: ['--remote'] })

it.skipIf(!lanAddress)('a remote presenter window runs demos only after entering the presenter secret', async () => {
  const no = await slideOf('hello')
  const page = await deck.browser.newPage({ viewport: { width: 1280, height: 800 } })
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
  expect(await managedObjects({ instance: deck.instance })).toEqual({ containers: 0, networks: 0, volumes: 0 })
})
