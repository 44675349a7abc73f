import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
// Slidev's dev endpoints from a client that has not proven the presenter secret, over real HTTP:
// a stand-in for the dev server answers every path with the `--remote` password inside (as Vite
// answers `/@slidev/configs` in whatever spelling it resolves), behind the same guard the Slidev
// plugin puts first. The guard runs hosted (no address trusted), so loopback stands in for the
// network; tests/e2e/remote-presenter.test.ts tries the real Slidev from another address.
import { once } from 'node:events'
import { createServer, request } from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createGuard, PROOF_COOKIE } from '../../server/http/guard'
import { guardSlidevEndpoint } from '../../server/http/slidev-guard'

const PASSWORD = 'remote-password-"ü"-0123'
const ROOT = '/home/speaker/talk'
const guard = createGuard({ presenterSecret: PASSWORD, trustLoopback: false })
const CONFIGS = `export default ${JSON.stringify({ title: 'talk', remote: PASSWORD })}`
const ETAG = 'W/"real-configs"'
let server: Server
let base: string

beforeAll(async () => {
  server = createServer((req, res) => {
    if (guardSlidevEndpoint(req, res, { guard, remotePassword: PASSWORD, root: ROOT }))
      return
    if (req.headers['if-none-match'] === ETAG) {
      res.statusCode = 304
      return res.end()
    }
    res.setHeader('Etag', ETAG)
    res.setHeader('Content-Type', 'text/javascript')
    res.end(`${CONFIGS}\n// ${encodeURIComponent(PASSWORD)}`)
  }).listen(0, '127.0.0.1')
  await once(server, 'listening')
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.close()
})

/** A raw path (fetch would normalise `//` and `./` itself). */
async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number, body: string, etag: string | null }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers }, async (res) => {
      let body = ''
      for await (const chunk of res) body += chunk
      resolve({ status: res.statusCode!, body, etag: res.headers.etag ?? null })
    }).on('error', reject).end()
  })
}

it('never serves the --remote password without proof, in any spelling of /@slidev/configs, nor lets its validator be guessed', async () => {
  const variants = [
    '/@slidev/configs',
    '/@slidev//configs',
    '/@slidev/./configs',
    '//@slidev/configs',
    '/@slidev/x/../configs',
    '/@slidev%2fconfigs',
    '/%40slidev/configs',
    '/@slidev/%252e/configs',
    '/@slidev\\configs',
    '/@slidev/configs?import&t=1',
    '/@id/@slidev/configs',
  ]
  for (const path of variants) {
    const answer = await get(path)
    expect(answer.status, path).toBe(200)
    expect(answer.body, path).not.toContain('remote-password')
    expect(answer.body, path).toMatch(/"remote":"[\w-]+"/)
    expect(answer.etag, path).toBeNull()
    // The real answer's validator gets no 304: it would confirm a guessed password.
    expect((await get(path, { 'if-none-match': ETAG })).status, path).toBe(200)
  }
  // A browser that proved the secret (the API's /health hands it this cookie) gets the real one.
  const proof = guard.cookiesFor({
    headers: { 'x-presenter-secret': PASSWORD },
    socket: { remoteAddress: '127.0.0.1' },
  } as never).find(c => c.startsWith(`${PROOF_COOKIE}=`))!
  const proven = await get('/@slidev//configs', { cookie: proof.split(';')[0]! })
  expect(proven.body).toContain(JSON.stringify(PASSWORD).slice(1, -1))
})

it('refuses the speaker\'s dev endpoints and the project\'s source without proof, in any spelling', async () => {
  const refused = [
    '/__open-in-editor?file=/etc/passwd',
    '/%5f_open-in-editor?file=x',
    '/@slidev-monaco-types/load?root=/&name=x',
    '/@slidev-monaco-types/resolve?pkg=vue',
    '/__slidev/slides/1.json',
    '/__slidev//slides/1.json',
    '/server/runtime.ts',
    '/./server/http/guard.ts?raw',
    '/components/../server/runtime.ts',
    '/%73erver/runtime.ts',
    `/@fs${ROOT}/server/runtime.ts`,
    `/@fs${ROOT}/.env`,
    '/@fs/etc/passwd',
    `/@id/${ROOT}/scripts/lib.sh`,
    '/package.json',
    '/vite.config.ts',
    '/.git/config',
    '/tests/support/engine.ts',
    `${ROOT}/server/runtime.ts`,
    `/@id/@fs${ROOT}/bench/main.ts`,
  ]
  for (const path of refused) {
    const answer = await get(path)
    expect(answer.status, path).toBe(403)
    expect(answer.body, path).toMatch(/"error":"refused: /)
  }
  // The deck's own files, its libraries and slide routes still load.
  for (const path of [
    '/',
    '/12',
    '/presenter/3',
    '/slides.md',
    '/components/DemoRunner.vue',
    `/@fs${ROOT}/node_modules/@slidev/client/main.ts`,
    '/node_modules/.vite/deps/vue.js',
    '/node_modules/.slidev/virtual/import-glob.960a00578b.ts',
    '/@vite/client',
    '/@id/__x00__plugin-vue:export-helper',
  ])
    expect((await get(path)).status, path).toBe(200)
})
