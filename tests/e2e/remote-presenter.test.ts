// `slidev --remote=<password>` seen from another machine (a bridge address in the test's own
// network namespace stands in for the LAN): the password is the one presenter secret the server
// printed; a window there runs demos and drives the slides only after entering it (once: a
// cookie proves it to Slidev's own requests); Slidev's own dev endpoints are guarded like the API;
// a malformed secret is a refusal and never a crash; wrong guesses are limited. Slidev's --remote
// is for trusted networks only (the audience has a listener of its own), and even there an unproven
// window reaches neither the speaker's dev endpoints, nor the project's source, nor Vite's HMR socket.
import { once } from 'node:events'
import { request } from 'node:http'
import { networkInterfaces } from 'node:os'
import { expect, it } from 'vitest'
import WebSocket from 'ws'
import { shellSessionsById } from '../../demos/catalog'
import { expectNothingLeft } from '../support/engine'
import { slideOf } from '../support/slides'
import { useDeck } from '../support/useDeck'

const lanAddress = Object.values(networkInterfaces()).flat().find(i => i && i.family === 'IPv4' && !i.internal)?.address
const SECRET = 'remote-password-for-tests-0123'
const deck = useDeck({
  args: [`--remote=${SECRET}`],
})
const lan = (): string => deck.url.replace('localhost', lanAddress!)
// A write to the shared navigation: every window that follows the presenter goes to the hello slide.
async function nav(): Promise<object> {
  return {
    source: 'test',
    patch: { page: await slideOf('hello') },
    timestamp: 1,
  }
}
async function postNav(base: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/@server-reactive/nav`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(await nav()),
  })
}

/** A GET of a raw path (fetch would resolve `//` and `./` itself): status and body. */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers, agent: false }, async (res) => {
      let body = ''
      for await (const chunk of res) body += chunk
      resolve({ status: res.statusCode!, body })
    }).on('error', reject).end()
  })
}

/** The shell socket's messages after one hello, up to its role answer. */
async function hello(secret: unknown): Promise<{ type: string, error?: string, retryAfterSec?: number, role?: string }[]> {
  const ws = new WebSocket(`${lan().replace('http', 'ws')}/api/terminals/${[
    ...shellSessionsById.keys(),
  ][0]}`)
  const seen: { type: string }[] = []
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', view: 'presenter', secret })))
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string }
      seen.push(m)
      if (m.type === 'role')
        resolve()
    })
    ws.once('error', reject)
  })
  ws.close()
  return seen
}

it.skipIf(!lanAddress)('guards Slidev\'s MCP, its configs and its shared state from the network; says the secret travels in clear', async () => {
  expect(deck.output()).toContain(`presenter secret ${SECRET}`)
  expect(deck.output()).toMatch(/plain HTTP beyond loopback: the presenter secret crosses the network in clear.*TLS.*reverse proxy/)

  const mcp = await fetch(`${lan()}/__mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept': 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  })
  expect(mcp.status).toBe(403)
  expect(await mcp.json()).toEqual({ error: 'refused: Slidev\'s MCP endpoint answers this machine only' })
  const localMcp = await fetch(`${deck.url}/__mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept': 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  })
  expect(localMcp.status).toBe(200)

  // Slidev's slide editor writes slides to disk: refused from the network (not sent from loopback: it would write).
  const edit = await fetch(`${lan()}/__slidev/slides/1.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ note: 'defaced' }),
  })
  expect(edit.status).toBe(403)
  expect((await edit.json()).error).toMatch(/only the presenter may/)

  for (const path of [
    '/@slidev/configs',
    '/@slidev//configs',
    '/@slidev/./configs',
    '/@slidev%2Fconfigs',
    '//@slidev/configs',
  ]) {
    const unproven = await rawGet(lan(), path)
    expect(unproven.body, path).not.toContain(SECRET)
    // Vite resolves some spellings to the module (the password replaced), others to the deck's page.
    if (unproven.body.includes('"remote"'))
      expect(unproven.body, path).toMatch(/"remote":"[\w-]+"/)
  }
  expect(await (await fetch(`${deck.url}/@slidev/configs`)).text()).toContain(SECRET)

  expect((await postNav(lan())).status).toBe(403)
  expect((await postNav(lan(), { 'x-presenter-secret': SECRET })).status).toBe(200)
  // The cookie a browser gets for the right secret proves it on Slidev's own requests.
  const health = await fetch(`${lan()}/api/health`, {
    headers: { 'x-presenter-secret': SECRET },
  })
  const cookie = health.headers.get('set-cookie')!.split(';')[0]!
  expect((await health.json()).control).toBe(true)
  expect((await postNav(lan(), { cookie })).status).toBe(200)
  expect(await (await fetch(`${lan()}/@slidev/configs`, {
    headers: { cookie },
  })).text()).toContain(SECRET)
})

it.skipIf(!lanAddress)('an unproven window on the network reaches neither the speaker\'s dev endpoints, nor the source, nor Vite\'s HMR socket', async () => {
  const root = process.cwd()
  for (const path of [
    '/__open-in-editor?file=slides.md',
    '/@slidev-monaco-types/load?root=/&name=x',
    '/__slidev/slides/1.json',
    '/__slidev//slides/1.json',
    '/server/runtime.ts',
    `/@fs${root}/server/runtime.ts`,
    `/@fs${root}/.git/config`,
    '/package.json',
  ]) {
    const answer = await rawGet(lan(), path)
    expect(answer.status, path).toBe(403)
    expect(answer.body, path).toMatch(/refused: /)
  }
  // The speaker's own machine still reads a slide's notes (Slidev's notes editor).
  expect((await rawGet(deck.url, '/__slidev/slides/1.json')).status).toBe(200)

  // Vite's HMR socket: refused before any message (one malformed custom event once stopped the deck).
  for (const message of ['{"type":"custom","event":"slidev:monaco-write"}', '{"type":"custom","event":"vite:invoke","data":null}', 'garbage']) {
    const ws = new WebSocket(lan().replace('http', 'ws'), 'vite-hmr')
    ws.on('open', () => ws.send(message))
    ws.on('error', () => {}) // the refusal itself
    const [, res] = await once(ws, 'unexpected-response') as [unknown, { statusCode: number }]
    expect(res.statusCode).toBe(403)
    ws.terminate()
  }
  expect((await fetch(`${lan()}/api/health`)).status).toBe(200)
  expect((await fetch(deck.url)).status).toBe(200)
  // The speaker's own window keeps its HMR socket, and a malformed message there (each of these
  // once ended the process) is dropped.
  const local = new WebSocket(deck.url.replace('http', 'ws'), 'vite-hmr')
  await once(local, 'open')
  for (const message of [
    'null',
    '[]',
    '{"type":"custom","event":"slidev:monaco-write"}',
    '{"type":"custom","event":"slidev:monaco-write","data":null}',
    'garbage',
  ])
    local.send(message)
  // A ping answered after the messages: the server read them all and is still up.
  local.ping()
  await once(local, 'pong')
  local.close()
  expect((await fetch(`${deck.url}/api/health`)).status).toBe(200)
  expect(deck.output()).not.toMatch(/TypeError|Cannot read properties/)
})

it.skipIf(!lanAddress)('a window on the network runs demos and drives the slides only after entering the secret', async () => {
  const no = await slideOf('hello')
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 800 },
  })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${lan()}/${no}`, { timeout: 120_000 })
  const demo = page.locator('[data-demo="hello"]').first()
  // A cold deck compiles the whole slide on this first visit.
  await demo.locator('button.run').waitFor({ timeout: 120_000 })
  await demo.locator('button.run').click()
  await demo.locator('[data-testid="status"]', { hasText: 'only the presenter may run or stop demos' }).waitFor()
  const body = await nav()
  const post = (): Promise<number> => page.evaluate(async b => (await fetch('/@server-reactive/nav', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(b),
  })).status, body)
  expect(await post()).toBe(403)
  const configsRemote = (): Promise<unknown> => page.evaluate('import("/@slidev/configs").then(m => m.default.remote)')
  expect(await configsRemote()).not.toBe(SECRET)

  page.once('dialog', dialog => void dialog.accept(SECRET))
  const button = page.locator('[data-testid="presenter-secret"]')
  await button.click()
  // The page reloads with the proof cookie: Slidev's presenter view (/presenter/N?password=…) now
  // knows the password, and Slidev's shared state takes this window's writes.
  await page.waitForEvent('framenavigated')
  await button.waitFor({ state: 'detached' })
  expect(await configsRemote()).toBe(SECRET)
  expect(await post()).toBe(200)

  // Now the same window runs the demo.
  await demo.locator('button.run').click()
  await demo.locator('.xterm-rows', { hasText: 'hi there' }).waitFor()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  expect(errors).toEqual([])
  // A window with control prewarms its slide's demos: those containers wait for the next click.
  await expectNothingLeft({ instance: deck.instance, exceptPrewarmed: true })
})

// Last: it locks this address out for a minute.
it.skipIf(!lanAddress)('a malformed secret is refused, not a crash; five wrong ones lock the client out on HTTP and WebSocket', async () => {
  // The secret's length in non-ASCII characters once ended the process (timingSafeEqual threw).
  const crash = await hello('é'.repeat(SECRET.length))
  expect(crash.at(-1)).toMatchObject({ type: 'role', role: 'watch' })
  expect((await fetch(`${lan()}/api/health`)).status).toBe(200)
  for (const wrong of [
    'wrong-1',
    'wrong-2',
    'wrong-3',
    'wrong-4',
  ]) await hello(wrong)
  const lockedWs = await hello(SECRET)
  expect(lockedWs.find(m => m.type === 'error')).toMatchObject({
    error: expect.stringMatching(/too many wrong presenter secrets/),
    retryAfterSec: expect.any(Number),
  })
  expect(lockedWs.at(-1)).toMatchObject({ type: 'role', role: 'watch' })
  const lockedHttp = await fetch(`${lan()}/api/demos/hello/stop`, {
    method: 'POST',
    headers: { 'x-presenter-secret': SECRET },
  })
  expect(lockedHttp.status).toBe(429)
  expect(lockedHttp.headers.get('retry-after')).toMatch(/^\d+$/)
  expect((await lockedHttp.json()).error).toMatch(/too many wrong presenter secrets/)
  // The presenter's own machine is not locked out by the network's guesses.
  expect((await fetch(`${deck.url}/api/demos/hello/stop`, { method: 'POST' })).status).toBe(200)
})
