import type { Page } from 'playwright-chromium'
// `npm run dev -- --audience` seen from another machine (the bridge address of the test's own
// network namespace stands in for the LAN): the audience listener serves the built deck without
// notes and follows the presenter's window (the dev server on loopback) slide by slide; a demo the
// presenter runs reaches it; nothing of the dev server, the project or the notes is there.
import { readdirSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { relative, resolve } from 'node:path'
import { expect, inject, it } from 'vitest'
import { AUDIENCE_DECK_DIR } from '../../server/audience/deck-build'
import { PROJECT_ROOT } from '../../shared/paths'
import { deckSlides, slideOf } from '../support/slides'
import { openPage, useDeck } from '../support/useDeck'

const lanAddress = Object.values(networkInterfaces()).flat().find(i => i && i.family === 'IPv4' && !i.internal)?.address
// The shared deck runs as `npm run dev -- --audience` does (sharedDeck.ts).
const deck = useDeck()
/** The audience's URL as the server printed it, on the LAN address. */
const url = inject('sharedDeck').audienceUrl

type WithNav = Window & { __slidev__: { nav: { go: (n: number) => Promise<void> } } }
/** The slide an audience window shows, as its follow control says (a slide's URL may be its alias). */
const slideNo = async (page: Page): Promise<number> => Number(await page.locator('[data-testid="audience-follow"]').getAttribute('data-slide'))
async function onSlide(page: Page, no: number): Promise<void> {
  await page.locator(`[data-testid="audience-follow"][data-slide="${no}"]`).waitFor()
}

/** The presenter (a dev server window, where Slidev exposes its nav) moves on as its keys would. */
async function go(page: Page, no: number): Promise<void> {
  await page.evaluate(n => (window as unknown as WithNav).__slidev__.nav.go(n), no)
}

it.skipIf(!lanAddress)('serves no dev server, no project file, no source map and no speaker note', async () => {
  expect(url).toContain(lanAddress)
  const index = await fetch(`${url}/`)
  expect(index.status).toBe(200)
  expect(await index.text()).toContain('Docker from the ground up')
  const refused = [
    '/@vite/client',
    `/@fs/${resolve(PROJECT_ROOT, 'package.json')}`,
    '/@fs/etc/passwd',
    '/__slidev/slides/1.json',
    '/@slidev/configs',
    '/@slidev//configs',
    '/__open-in-editor?file=package.json',
    '/@slidev-monaco-types/load',
    '/server/index.ts',
    '/slides.md',
    '/package.json',
    '/node_modules/vue/package.json',
    '/.built-from',
    '/../package.json',
    '/%2e%2e/package.json',
    '/assets/../../../package.json',
  ]
  const maps = readdirSync(resolve(AUDIENCE_DECK_DIR, 'assets')).filter(f => f.endsWith('.js')).map(f => `/assets/${f}.map`)
  for (const path of [
    ...refused,
    ...maps.slice(0, 5),
  ]) {
    const res = await fetch(`${url}${path}`)
    expect({ path, status: res.status }).toEqual({ path, status: 404 })
  }
  // Every file of the build, fetched as the audience would: none holds a line of any note.
  const noteLines = (await deckSlides()).flatMap(s => s.note.split('\n')).map(l => l.trim()).filter(l => l.length > 40)
  expect(noteLines.length).toBeGreaterThan(20)
  const served = [
    '/',
    ...readdirSync(resolve(AUDIENCE_DECK_DIR, 'assets'), { recursive: true, withFileTypes: true })
      .filter(f => f.isFile())
      .map(f => `/${relative(AUDIENCE_DECK_DIR, resolve(f.parentPath, f.name))}`),
  ]
  for (const path of served) {
    const res = await fetch(`${url}${path}`)
    expect(res.status).toBe(200)
    const text = await res.text()
    const leaked = noteLines.find(l => text.includes(l))
    expect({ path, leaked }).toEqual({ path, leaked: undefined })
  }
  // Writes go nowhere: the deck is read-only, and control needs the secret.
  expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(405)
  expect((await fetch(`${url}/api/position`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"slide":1,"click":0}',
  })).status).toBe(403)
})

it.skipIf(!lanAddress)('follows the presenter\'s slides and shows the demo they run; a follower may browse away and jump back', async () => {
  expect(url).toContain(lanAddress)
  const errors: string[] = []
  const hello = await slideOf('hello')
  const presenter = await openPage(deck, '/1', errors)
  await presenter.locator('.slidev-page-1').first().waitFor()
  const follower = await deck.browser.newPage({
    viewport: { width: 1280, height: 800 },
  })
  follower.on('pageerror', e => errors.push(`audience: ${e.message}`))
  await follower.goto(`${url}/`)
  await follower.locator('[data-testid="audience-follow"]').waitFor()

  await go(presenter, hello)
  await onSlide(follower, hello)
  const demo = presenter.locator('[data-demo="hello"]')
  await demo.locator('button.run').click()
  const seen = follower.locator('[data-demo="hello"]')
  await seen.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  await seen.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()

  // Away on their own, the follower stays there and gets a way back.
  await follower.keyboard.press('ArrowLeft')
  await follower.locator('[data-testid="follow"]').waitFor()
  await go(presenter, hello + 1)
  await follower.locator('[data-testid="follow"]', { hasText: `slide ${hello + 1}` }).waitFor()
  expect(await slideNo(follower)).not.toBe(hello + 1)
  await follower.locator('[data-testid="follow"]').click()
  await onSlide(follower, hello + 1)
  expect(errors).toEqual([])
}, 300_000)
