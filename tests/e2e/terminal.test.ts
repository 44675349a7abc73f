import type { Locator, Page, WebSocketRoute } from 'playwright-chromium'
// The live shell slide in the real deck: the presenter window types into a real shell, the
// audience window mirrors the same session read-only, and the TTY's size follows the element.
import { expect, it } from 'vitest'
import WebSocket from 'ws'
import { labelConditions } from '../../shared/labels'
import { docker } from '../support/engine'
import { slideMatching } from '../support/slides'
import { useDeck } from '../support/useDeck'

const SLIDE = await slideMatching(/<ContainerTerminal\b[^>]+\bid="shell"/)
const deck = useDeck()

/** The terminal's rows as plain text, one string per row. */
async function rows(terminal: Locator): Promise<string[]> {
  return terminal.locator('.xterm-rows > div').allInnerTexts().then(r => r.map(line => line.replace(/\u00A0/g, ' ').trimEnd()))
}

async function waitForRow(terminal: Locator, re: RegExp): Promise<void> {
  await terminal.locator('.xterm-rows > div', { hasText: re }).first().waitFor()
}

async function open(path: string): Promise<{ page: Page, errors: string[], terminal: Locator }> {
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 800 },
  })
  // Five agents share two cores: a wait may be slow, never wrong.
  page.setDefaultTimeout(60_000)
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${deck.url}${path}`)
  // The presenter window also renders the next slide as a preview: the live one is the current slide.
  const terminal = page.locator(`.slidev-page-${SLIDE} [data-terminal="shell"]`).first()
  return { page, errors, terminal }
}

it('types into a real shell from the presenter window; the audience window mirrors it read-only', async () => {
  const presenter = await open(`/presenter/${SLIDE}`)
  const audience = await open(`/${SLIDE}`)
  const p = presenter.terminal
  const a = audience.terminal
  // The first load of the deck compiles it: allow for a slow machine.
  await p.and(presenter.page.locator('[data-role="control"]')).waitFor({ timeout: 90_000 })
  await a.and(audience.page.locator('[data-role="watch"]')).waitFor({ timeout: 90_000 })
  expect(await a.getByTestId('role').textContent()).toContain('view only')

  await p.getByRole('button', { name: 'Start shell' }).click()
  await p.and(presenter.page.locator('[data-state="running"]')).waitFor()
  await a.and(audience.page.locator('[data-state="running"]')).waitFor()
  await waitForRow(p, /speaker@box:~\$/)

  await p.locator('.xterm-screen').click()
  await presenter.page.keyboard.type('echo $((6*7))\n')
  await waitForRow(p, /^42$/)
  await waitForRow(a, /^42$/)

  // Typing in the audience window does nothing: its keys never reach the shell.
  await a.locator('.xterm-screen').click()
  await audience.page.keyboard.type('echo typed-by-audience\n')
  await p.locator('.xterm-screen').click()
  await presenter.page.keyboard.type('echo marker-$((1+1))\n')
  await waitForRow(a, /^marker-2$/)
  expect((await rows(a)).join('\n')).not.toContain('typed-by-audience')
  expect((await rows(p)).join('\n')).not.toContain('typed-by-audience')

  // Resize the presenter's terminal element: the TTY follows, and `stty size` inside says so.
  const before = {
    cols: Number(await p.getAttribute('data-cols')),
    rows: Number(await p.getAttribute('data-rows')),
  }
  await p.locator('.xterm-host').evaluate((el) => {
    el.style.height = '160px'
    el.style.width = '520px'
  })
  await expect.poll(async () => Number(await p.getAttribute('data-cols')), { timeout: 30_000 }).toBeLessThan(before.cols)
  const size = {
    cols: Number(await p.getAttribute('data-cols')),
    rows: Number(await p.getAttribute('data-rows')),
  }
  expect(size.rows).toBeLessThan(before.rows)
  await presenter.page.keyboard.type('clear; stty size\n')
  await waitForRow(p, new RegExp(`^${size.rows} ${size.cols}$`))
  // The audience mirrors the same grid.
  await waitForRow(a, new RegExp(`^${size.rows} ${size.cols}$`))
  expect({
    cols: Number(await a.getAttribute('data-cols')),
    rows: Number(await a.getAttribute('data-rows')),
  }).toEqual(size)

  await presenter.page.screenshot({ path: '/tmp/terminal-presenter.png' })
  await audience.page.screenshot({ path: '/tmp/terminal-audience.png' })

  // `exit` ends the session: both windows say so, and the container is gone.
  await presenter.page.keyboard.type('exit\n')
  await a.getByTestId('overlay').getByText('Session ended: the shell exited').waitFor()
  await p.getByRole('button', { name: 'Start a new shell' }).waitFor()
  expect(await docker.listContainers({
    all: true,
    filters: JSON.stringify({
      label: labelConditions({ instance: deck.instance, demo: 'shell' }),
    }),
  })).toEqual([])
  expect(presenter.errors).toEqual([])
  expect(audience.errors).toEqual([])
})

/** Opens the presenter window on the shell slide and starts a shell in it; resolves with the terminal. */
async function startShellIn(page: Page): Promise<Locator> {
  page.setDefaultTimeout(60_000)
  await page.goto(`${deck.url}/presenter/${SLIDE}`)
  const t = page.locator(`.slidev-page-${SLIDE} [data-terminal="shell"][data-role="control"]`).first()
  await t.waitFor({ timeout: 90_000 })
  // 'Start shell', or 'Start a new shell' after an earlier session.
  await t.getByRole('button', { name: /^Start/ }).click()
  await t.and(page.locator('[data-state="running"]')).waitFor()
  await waitForRow(t, /speaker@box:~\$/)
  return t
}

async function typeIn(page: Page, t: Locator, line: string, answer: RegExp): Promise<void> {
  await t.locator('.xterm-screen').click()
  await page.keyboard.type(`${line}\n`)
  await waitForRow(t, answer)
}

async function endSession(t: Locator): Promise<void> {
  await t.getByRole('button', { name: 'End session' }).click()
  await t.getByTestId('overlay').getByText('ended by the presenter').waitFor()
}

it('copies the selection with the Copy button', async () => {
  const context = await deck.browser.newContext({
    viewport: { width: 1280, height: 800 },
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: deck.url })
  const page = await context.newPage()
  const t = await startShellIn(page)
  await typeIn(page, t, 'echo copy-me-$((40+2))', /^copy-me-42$/)
  // Nothing selected: Copy takes the whole screen.
  await t.getByRole('button', { name: 'Copy' }).click()
  await t.getByRole('button', { name: 'Copied' }).waitFor()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('copy-me-42')
  await endSession(t)
})

it('comes back on its own when the connection drops, to the same session', async () => {
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 800 },
  })
  // Every shell socket of this page passes through here, so the test can cut the first one.
  const sockets: WebSocketRoute[] = []
  let reconnected!: () => void
  const second = new Promise<void>((resolve) => {
    reconnected = resolve
  })
  await page.routeWebSocket(/\/api\/terminals\/shell/, (ws) => {
    ws.connectToServer()
    if (sockets.push(ws) === 2)
      reconnected()
  })
  const t = await startShellIn(page)
  await typeIn(page, t, 'echo before-$((1+1))', /^before-2$/)

  // A network blink or a server restart closes the socket under the window.
  await sockets[0]!.close({ code: 1012, reason: 'restarting' })
  await second
  await t.and(page.locator('[data-state="running"]')).waitFor()
  await typeIn(page, t, 'echo after-$((2+1))', /^after-3$/)
  await endSession(t)
})

/** Opens a WebSocket to the deck; resolves 'open' or the HTTP status of a refused upgrade. */
function upgrade(url: string, headers: Record<string, string>, protocol?: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocol, { headers })
    ws.on('error', () => {})
    ws.once('open', () => {
      resolve('open')
      ws.close()
    })
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0)
      req.destroy()
    })
    ws.once('close', () => reject(new Error('closed without an answer')))
  })
}

it('guards the shell WebSocket on the deck server like the HTTP API, and leaves Vite\'s HMR socket alone', async () => {
  const ws = deck.url.replace('http', 'ws')
  expect(await upgrade(`${ws}/api/terminals/shell`, { Origin: 'http://evil.example' })).toBe(403)
  expect(await upgrade(`${ws}/api/terminals/shell`, { Host: 'evil.example' })).toBe(403)
  expect(await upgrade(`${ws}/api/terminals/nope`, {})).toBe(404)
  expect(await upgrade(`${ws}/api/terminals/shell`, { Origin: deck.url })).toBe('open')
  // Vite's own HMR socket still upgrades on the same server (no Origin: Vite then needs no token).
  expect(await upgrade(`${ws}/`, {}, 'vite-hmr')).toBe('open')
})
