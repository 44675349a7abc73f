import type { Locator } from 'playwright-chromium'
import type { ServerProcess } from '../../scripts/server-process'
// A hosted talk: `npm run build` writes the static deck to dist/ (run again only when an input of
// the deck changed since: a full build costs tens of seconds), then `npm start` serves it and the
// API on one origin; demos run live where the engine answers and replay their recordings where it
// does not. Behind a proxy every visitor comes from 127.0.0.1, so hosted, control needs the
// presenter secret from every window. Served by a plain static host instead (the deck shared after
// the talk), it replays in the browser.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DIST_DIR, ensureDist } from '../../scripts/built-decks'
import { spawnServer } from '../../scripts/server-process'
import { slideMatching, slideOf } from '../support/slides'
import { serveStatic } from '../support/staticServer'
import { useBrowser } from '../support/useDeck'

const SECRET = 'hosted-presenter-secret-for-tests'
const servers: ServerProcess[] = []

/** `npm start`, word for word (the bundle a speaker runs), on a free port; resolves with its URL once it listens. */
async function start(env: Record<string, string> = {}): Promise<string> {
  const server = await spawnServer({ TALK_PRESENTER_SECRET: SECRET, ...env }, 'start')
  servers.push(server)
  return server.url.replace('127.0.0.1', 'localhost')
}

// npm test has built it while the talk's tests ran (scripts/built-decks.ts); alone, this builds it.
beforeAll(async () => {
  await ensureDist()
}, 320_000)
const chromium = useBrowser()
/** A page of the presenter, who entered the secret (it lives in local storage). */
async function presenterPage() {
  const page = await chromium.browser.newPage({
    viewport: { width: 1280, height: 720 },
  })
  await page.addInitScript(secret => localStorage.setItem('docker-talk:presenter-secret', secret), SECRET)
  return page
}

/** The presenter opens the hello slide and clicks Run; the page's errors are kept. */
async function runHello(url: string): Promise<{ demo: Locator, errors: string[] }> {
  const page = await presenterPage()
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${url}/${await slideOf('hello')}`)
  const demo = page.locator('[data-demo="hello"]')
  await demo.locator('.cli-line', { hasText: 'docker run --rm talk/busybox' }).waitFor()
  await demo.locator('button.run').click()
  return { demo, errors }
}

afterAll(async () => {
  await Promise.all(servers.filter(s => s.child.exitCode === null).map(s => s.signal('SIGTERM')))
})

it('npm run build writes the whole deck to dist/', () => {
  expect(readFileSync(resolve(DIST_DIR, 'index.html'), 'utf8')).toContain('Docker from the ground up')
})

it('runs a demo live from the built deck', async () => {
  const url = await start()
  const health = await (await fetch(`${url}/api/health`)).json()
  expect(health.engine.reachable).toBe(true)
  expect(health.ready).toContain('hello')
  expect(health.control).toBe(false)
  // From 127.0.0.1 (where a proxy's visitors come from) without the secret: refused, saying why.
  const refused = await fetch(`${url}/api/demos/hello/run`, { method: 'POST' })
  expect(refused.status).toBe(403)
  expect((await refused.json()).error).toMatch(/hosted: enter the presenter secret/)

  const { demo, errors } = await runHello(url)
  await demo.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  expect(await demo.locator('[data-testid="replay"]').count()).toBe(0)
  expect(errors).toEqual([])
})

it('replays the recording from the built deck when no engine answers', async () => {
  const url = await start({ DOCKER_HOST: 'unix:///nonexistent.sock' })
  const { demo, errors } = await runHello(url)
  await demo.locator('[data-testid="replay"]', { hasText: /replay: engine offline · recorded \d/ }).waitFor()
  await demo.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  expect(errors).toEqual([])
})

it('the same dist/ on a plain static host (no server): a demo replays its recording in the browser, labelled with its date', async () => {
  const host = await serveStatic(DIST_DIR)
  try {
    // A deep link: the static host answers it with 404.html, the deck itself.
    const page = await chromium.browser.newPage({
      viewport: { width: 1280, height: 720 },
    })
    const errors: string[] = []
    page.on('pageerror', e => errors.push(e.message))
    await page.goto(`${host.url}/${await slideOf('hello')}`)
    const demo = page.locator('[data-demo="hello"]')
    await demo.locator('button.run').click()
    const label = demo.locator('[data-testid="replay"]')
    await label.waitFor()
    expect(await label.textContent()).toMatch(/^replay: no demo server · recorded \d{1,2} \w{3} \d{4} on Docker \d+\.\d+\.\d\S*$/)
    await demo.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
    await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
    expect(errors).toEqual([])
  }
  finally {
    await host.close()
  }
})

it('the live shell on a plain static host replays its recorded session in the browser', async () => {
  const host = await serveStatic(DIST_DIR)
  try {
    const no = await slideMatching(/<ContainerTerminal\b/)
    const page = await chromium.browser.newPage({
      viewport: { width: 1280, height: 800 },
    })
    await page.goto(`${host.url}/${no}`)
    const shell = page.locator(`.slidev-page-${no} [data-terminal="shell"]`).first()
    const label = shell.getByTestId('recorded')
    await label.waitFor()
    expect(await label.textContent()).toMatch(/^replay: no demo server · recorded \d{1,2} \w{3} \d{4} on Docker \d+\.\d+\.\d\S*$/)
    await shell.locator('button.start').first().click()
    await shell.locator('.xterm-rows', { hasText: 'uid=1000(speaker)' }).waitFor()
  }
  finally {
    await host.close()
  }
})
