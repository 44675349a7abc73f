// The presenter's proof and the lockouts over real HTTP: the proof cookie is given only for the
// right secret (loopback included), is a token of this start that expires, and keeps a presenter
// in control and admitted whatever the crowd on its address does; /api/health costs the engine a
// few calls however many windows poll it.
import type { IncomingMessage } from 'node:http'
import type { RuntimeOptions } from '../../server/runtime'
import type { TestServer } from '../support/server'
import { request } from 'node:http'
import { afterEach, expect, it, vi } from 'vitest'
import { CLIENT_COOKIE, PROOF_COOKIE } from '../../server/http/guard'
import { PROOF_TTL_MS } from '../../server/http/proof'
import { countingDocker } from '../support/engine'
import { startServer } from '../support/server'

const servers: TestServer[] = []
async function server(options: RuntimeOptions = {}): Promise<TestServer> {
  const s = await startServer(options)
  servers.push(s)
  return s
}
afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(servers.splice(0).map(s => s.close()))
})

/** The value of a Set-Cookie of this name ("name=value"), if the answer set one. */
function cookie(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find(c => c.startsWith(`${name}=`))
}
const pair = (setCookie: string): string => setCookie.split(';')[0]!

async function health(s: TestServer, headers: Record<string, string> = {}): Promise<{ res: Response, control: boolean }> {
  const res = await fetch(`${s.url}/api/health`, { headers })
  return { res, control: ((await res.json()) as { control: boolean }).control }
}

it('gives the proof cookie only for the right secret, from loopback too (dev: loopback is trusted without it)', async () => {
  const s = await server()
  const wrong = await health(s, { 'x-presenter-secret': 'not-the-presenter-secret' })
  expect(wrong.control).toBe(true)
  expect(cookie(wrong.res, PROOF_COOKIE)).toBeUndefined()
  expect(cookie((await health(s)).res, PROOF_COOKIE)).toBeUndefined()
  const right = await health(s, { 'x-presenter-secret': s.runtime.presenterSecret })
  const proof = cookie(right.res, PROOF_COOKIE)!
  expect(proof).toMatch(new RegExp(`^${PROOF_COOKIE}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${PROOF_TTL_MS / 1000}$`))
  expect(proof).not.toContain(s.runtime.presenterSecret)
  // Plain HTTP here: not Secure (a TLS proxy's X-Forwarded-Proto counts only hosted).
  expect(cookie(right.res, CLIENT_COOKIE)).toMatch(/HttpOnly; SameSite=Strict/)
})

it('hosted: the proof is a token of this start only, differs at each start and expires', async () => {
  const a = await server({ hosted: true })
  const proofA = pair(cookie((await health(a, { 'x-presenter-secret': a.runtime.presenterSecret })).res, PROOF_COOKIE)!)
  expect((await health(a, { cookie: proofA })).control).toBe(true)
  expect((await health(a)).control).toBe(false)

  const b = await server({ hosted: true })
  expect((await health(b, { cookie: proofA })).control).toBe(false)
  const proofB = pair(cookie((await health(b, { 'x-presenter-secret': b.runtime.presenterSecret })).res, PROOF_COOKIE)!)
  expect(proofB).not.toBe(proofA)
  expect((await health(b, { cookie: proofB })).control).toBe(true)

  vi.useFakeTimers({
    toFake: ['Date'],
  })
  vi.setSystemTime(Date.now() + PROOF_TTL_MS)
  expect((await health(b, { cookie: proofB })).control).toBe(false)
  // A stale proof is no wrong guess: the browser proves again with the secret it holds.
  const again = await health(b, { 'cookie': proofB, 'x-presenter-secret': b.runtime.presenterSecret })
  expect(again.control).toBe(true)
  expect(pair(cookie(again.res, PROOF_COOKIE)!)).not.toBe(proofB)
})

it('hosted: a neighbour\'s five wrong guesses lock out neither a proven presenter nor another browser on the same address', async () => {
  const s = await server({ hosted: true })
  const nat = { 'x-forwarded-for': '198.51.100.7' }
  const presenter = pair(cookie((await health(s, { ...nat, 'x-presenter-secret': s.runtime.presenterSecret })).res, PROOF_COOKIE)!)
  const other = pair(cookie((await health(s, nat)).res, CLIENT_COOKIE)!)
  const neighbour = pair(cookie((await health(s, nat)).res, CLIENT_COOKIE)!)
  const stop = (headers: Record<string, string>): Promise<Response> => fetch(`${s.url}/api/demos/hello/stop`, {
    method: 'POST',
    headers: {
      ...nat,
      ...headers,
    },
  })
  const statuses = []
  for (let i = 0; i < 5; i++) statuses.push((await stop({ 'cookie': neighbour, 'x-presenter-secret': `wrong-guess-${i}` })).status)
  expect(statuses).toEqual([403, 403, 403, 403, 429])
  expect((await stop({ 'cookie': neighbour, 'x-presenter-secret': s.runtime.presenterSecret })).status).toBe(429)
  expect((await stop({ cookie: presenter })).status).toBe(200)
  expect((await stop({ 'cookie': `${presenter}; ${neighbour}`, 'x-presenter-secret': 'wrong-again' })).status).toBe(200)
  expect((await stop({ 'cookie': other, 'x-presenter-secret': s.runtime.presenterSecret })).status).toBe(200)
})

/** Opens the hello demo's event stream as the given client; resolves with the response. */
function stream(s: TestServer, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    request(`${s.url}/api/demos/hello/events`, { headers, agent: false }, resolve).on('error', reject).end()
  })
}

it('hosted: 64 streams from one address, and the crowd up to its share of the total, leave room for the proven presenter', async () => {
  const s = await server({
    hosted: true,
    viewers: { perClient: 64, total: 80, presenterReserve: 8 },
  })
  const presenter = pair(cookie((await health(s, { 'x-presenter-secret': s.runtime.presenterSecret })).res, PROOF_COOKIE)!)
  const open: IncomingMessage[] = []
  for (let i = 0; i < 64; i++) open.push(await stream(s, { 'x-forwarded-for': '198.51.100.9' }))
  for (let i = 0; i < 8; i++) open.push(await stream(s, { 'x-forwarded-for': '198.51.100.10' }))
  expect(open.every(r => r.statusCode === 200)).toBe(true)
  const full = await stream(s, { 'x-forwarded-for': '198.51.100.9' })
  const crowd = await stream(s, { 'x-forwarded-for': '198.51.100.11' })
  expect([full.statusCode, crowd.statusCode]).toEqual([429, 429])
  const mine = await stream(s, { 'x-forwarded-for': '198.51.100.9', 'cookie': presenter })
  expect(mine.statusCode).toBe(200)
  for (const res of [...open, full, crowd, mine]) res.destroy()
})

it('300 unauthenticated /api/health calls cost the engine a few calls, not two each', async () => {
  const counting = countingDocker()
  // A state that outlives the test: how often it refreshes is the cache's unit test (engine-state);
  // here, that 300 windows share one computation, whatever the machine's speed.
  const s = await server({ docker: counting.docker, hosted: true, engineStateTtlMs: 10 * 60_000 })
  const before = counting.calls()
  const answers = await Promise.all(Array.from({ length: 300 }, () => fetch(`${s.url}/api/health`).then(r => r.json() as Promise<{ engine: { reachable: boolean } }>)))
  expect(answers.every(a => a.engine.reachable)).toBe(true)
  // One refresh: version, info (for the engine badge) and images.
  expect(counting.calls() - before).toBe(3)
})
