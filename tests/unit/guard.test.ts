import type { IncomingMessage } from 'node:http'
import type { HttpError } from '../../server/http/errors'
import { describe, expect, it } from 'vitest'
import { CLIENT_COOKIE, createGuard, PROOF_COOKIE } from '../../server/http/guard'
import { ProofTokens } from '../../server/http/proof'

const guard = createGuard({ presenterSecret: 's3cret-value' })

function request(headers: Record<string, string>, remoteAddress = '127.0.0.1'): IncomingMessage {
  return {
    headers,
    socket: { remoteAddress },
  } as unknown as IncomingMessage
}

function status(fn: () => void): number | 'ok' {
  try {
    fn()
    return 'ok'
  }
  catch (e) { return (e as HttpError).status }
}

function answer(g: ReturnType<typeof createGuard>, req: IncomingMessage): { status: number | 'ok', retryAfter?: string } {
  try {
    g(req, 'control')
    return { status: 'ok' }
  }
  catch (e) { return { status: (e as HttpError).status, retryAfter: (e as HttpError).headers['Retry-After'] } }
}

describe('guard', () => {
  it('lets the deck itself through', () => {
    expect(status(() => guard(request({ host: 'localhost:3030', origin: 'http://localhost:3030' }), 'control'))).toBe('ok')
    expect(status(() => guard(request({ host: '127.0.0.1:3031' }), 'control'))).toBe('ok')
  })

  it('refuses a foreign Host (DNS rebinding)', () => {
    expect(status(() => guard(request({ host: 'evil.example:3030' }), 'watch'))).toBe(403)
    expect(status(() => guard(request({}), 'watch'))).toBe(403)
  })

  it('refuses a foreign or malformed Origin (CSRF)', () => {
    expect(status(() => guard(request({ host: 'localhost:3030', origin: 'http://evil.example' }), 'control'))).toBe(403)
    expect(status(() => guard(request({ host: 'localhost:3030', origin: 'http://localhost:3031' }), 'control'))).toBe(403)
    expect(status(() => guard(request({ host: 'localhost:3030', origin: 'null' }), 'control'))).toBe(403)
    expect(status(() => guard(request({ 'host': 'localhost:3030', 'sec-fetch-site': 'cross-site' }), 'watch'))).toBe(403)
  })

  it('lets other machines watch but not control without the presenter secret', () => {
    const remote = (headers: Record<string, string>) => request({ host: '127.0.0.1:3030', ...headers }, '192.0.2.10')
    expect(status(() => guard(remote({}), 'watch'))).toBe('ok')
    expect(status(() => guard(remote({}), 'control'))).toBe(403)
    expect(status(() => guard(remote({ 'x-presenter-secret': 'wrong-value!' }), 'control'))).toBe(403)
    expect(status(() => guard(remote({ 'x-presenter-secret': 's3cret-value' }), 'control'))).toBe('ok')
  })
})

describe('guard.mayControl (the shell WebSocket, where the secret comes in a message)', () => {
  it('lets loopback clients control and others only with the right secret', () => {
    expect(guard.mayControl(request({}, '127.0.0.1'))).toBe(true)
    expect(guard.mayControl(request({}, '::1'))).toBe(true)
    expect(guard.mayControl(request({}, '192.168.1.20'))).toBe(false)
    expect(guard.mayControl(request({}, '192.168.1.20'), 'wrong-value!')).toBe(false)
    expect(guard.mayControl(request({}, '192.168.1.20'), 's3cret-value')).toBe(true)
    expect(guard.mayControl(request({ 'x-presenter-secret': 's3cret-value' }, '192.168.1.20'))).toBe(true)
    expect(guard.mayControl(request({}, '192.168.1.20'), 42)).toBe(false)
  })
})

describe('guard: wrong secrets and hosted mode', () => {
  const SECRET = 'sixteen-chars-secret'
  const remote = (headers: Record<string, string>, address = '192.0.2.10') => request({ host: '127.0.0.1:3030', ...headers }, address)
  it('answers a non-ASCII secret of the secret\'s length with 403, not a throw of timingSafeEqual', () => {
    const g = createGuard({ presenterSecret: SECRET })
    expect(answer(g, remote({
      'x-presenter-secret': 'é'.repeat(SECRET.length),
    })).status).toBe(403)
    expect(g.mayControl(remote({}), 'é'.repeat(SECRET.length))).toBe(false)
  })

  it('refuses a client with 429 and Retry-After after five wrong secrets, the right one included', () => {
    const g = createGuard({ presenterSecret: SECRET })
    for (let i = 0; i < 4; i++) expect(answer(g, remote({ 'x-presenter-secret': `wrong-${i}` })).status).toBe(403)
    expect(answer(g, remote({ 'x-presenter-secret': 'wrong-4' }))).toEqual({ status: 429, retryAfter: '60' })
    expect(answer(g, remote({ 'x-presenter-secret': SECRET })).status).toBe(429)
    expect(answer(g, remote({ 'x-presenter-secret': SECRET }, '192.0.2.11')).status).toBe('ok')
  })

  it('hosted, trusts nobody by address, tells clients apart by the proxy\'s X-Forwarded-For, and takes the proof cookie', () => {
    const proofs = new ProofTokens()
    const g = createGuard({ presenterSecret: SECRET, trustLoopback: false, proofs })
    expect(answer(g, request({ host: 'localhost:3030' })).status).toBe(403)
    expect(answer(g, request({ 'host': 'localhost:3030', 'x-presenter-secret': SECRET })).status).toBe('ok')
    for (let i = 0; i < 5; i++) answer(g, request({ 'host': 'localhost', 'x-forwarded-for': '203.0.113.9', 'x-presenter-secret': 'nope' }))
    expect(answer(g, request({ 'host': 'localhost', 'x-forwarded-for': '203.0.113.9', 'x-presenter-secret': SECRET })).status).toBe(429)
    expect(answer(g, request({ 'host': 'localhost', 'x-forwarded-for': '1.2.3.4, 203.0.113.10', 'x-presenter-secret': SECRET })).status).toBe('ok')
    expect(answer(g, request({ host: 'localhost', cookie: `a=b; ${PROOF_COOKIE}=${proofs.issue()}` })).status).toBe('ok')
  })
})

describe('guard: the proof cookie', () => {
  const SECRET = 'sixteen-chars-secret'
  const cookieOf = (cookies: string[], name: string): string | undefined => cookies.find(c => c.startsWith(`${name}=`))
  const valueOf = (setCookie: string): string => setCookie.split(';')[0]!

  it('is given only for the right secret, from loopback too, and says HttpOnly, SameSite=Strict, an expiry', () => {
    const g = createGuard({ presenterSecret: SECRET })
    for (const address of ['127.0.0.1', '192.0.2.10']) {
      expect(cookieOf(g.cookiesFor(request({ 'x-presenter-secret': 'wrong-secret-value' }, address)), PROOF_COOKIE), address).toBeUndefined()
      expect(cookieOf(g.cookiesFor(request({}, address)), PROOF_COOKIE), address).toBeUndefined()
      const proof = cookieOf(g.cookiesFor(request({ 'x-presenter-secret': SECRET }, address)), PROOF_COOKIE)!
      expect(proof).toMatch(/; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/)
      expect(proof).not.toContain(SECRET)
    }
    // The loopback presenter's wrong secret leaves it trusted by address, without a proof.
    expect(g.authority(request({ 'x-presenter-secret': 'wrong-secret-value' }))).toEqual({ ok: true, by: 'address' })
  })

  it('is random per proof and per guard (each server start has its own), and only its own guard takes it', () => {
    const a = createGuard({ presenterSecret: SECRET })
    const b = createGuard({ presenterSecret: SECRET })
    const prove = (g: ReturnType<typeof createGuard>): string => valueOf(cookieOf(g.cookiesFor(request({ 'x-presenter-secret': SECRET }, '192.0.2.10')), PROOF_COOKIE)!)
    const fromA = prove(a)
    expect(prove(a)).not.toBe(fromA)
    expect(a.authority(request({ cookie: fromA }, '192.0.2.10'))).toEqual({ ok: true, by: 'proof' })
    expect(b.authority(request({ cookie: fromA }, '192.0.2.10'))).toEqual({ ok: false, retryAfterSec: 0 })
  })

  it('is Secure over TLS: a TLS socket, or hosted behind a proxy that says https', () => {
    const secure = (g: ReturnType<typeof createGuard>, req: IncomingMessage): boolean => cookieOf(g.cookiesFor(req), PROOF_COOKIE)!.includes('; Secure')
    const tls = {
      headers: { 'x-presenter-secret': SECRET },
      socket: { remoteAddress: '192.0.2.10', encrypted: true },
    } as unknown as IncomingMessage
    expect(secure(createGuard({ presenterSecret: SECRET }), tls)).toBe(true)
    expect(secure(createGuard({ presenterSecret: SECRET }), request({ 'x-presenter-secret': SECRET }, '192.0.2.10'))).toBe(false)
    const hosted = createGuard({ presenterSecret: SECRET, trustLoopback: false })
    expect(secure(hosted, request({ 'x-presenter-secret': SECRET, 'x-forwarded-proto': 'https' }))).toBe(true)
    expect(secure(hosted, request({ 'x-presenter-secret': SECRET, 'x-forwarded-proto': 'http' }))).toBe(false)
    // Not behind a proxy: a client's own X-Forwarded-Proto says nothing.
    expect(secure(createGuard({ presenterSecret: SECRET }), request({ 'x-presenter-secret': SECRET, 'x-forwarded-proto': 'https' }, '192.0.2.10'))).toBe(false)
  })

  it('keeps a proven presenter in control whatever its neighbours on the same address guessed', () => {
    const g = createGuard({ presenterSecret: SECRET })
    const proof = valueOf(cookieOf(g.cookiesFor(request({ 'x-presenter-secret': SECRET }, '192.0.2.10')), PROOF_COOKIE)!)
    for (let i = 0; i < 40; i++) g.mayControl(request({}, '192.0.2.10'), `wrong-${i}`)
    expect(g.authority(request({ 'x-presenter-secret': SECRET }, '192.0.2.10')).ok).toBe(false)
    expect(g.authority(request({ cookie: proof }, '192.0.2.10'))).toEqual({ ok: true, by: 'proof' })
    expect(g.mayControl(request({ cookie: proof }, '192.0.2.10'), 'wrong-again')).toBe(true)
  })

  it('locks out the guessing browser, not its neighbour behind the same address (the client id cookie)', () => {
    const g = createGuard({ presenterSecret: SECRET })
    const idOf = (): string => valueOf(cookieOf(g.cookiesFor(request({}, '192.0.2.10')), CLIENT_COOKIE)!)
    const guesser = idOf()
    const neighbour = idOf()
    expect(neighbour).not.toBe(guesser)
    for (let i = 0; i < 5; i++) g.mayControl(request({ cookie: guesser }, '192.0.2.10'), `wrong-${i}`)
    expect(g.authority(request({ 'cookie': guesser, 'x-presenter-secret': SECRET }, '192.0.2.10')).ok).toBe(false)
    expect(g.authority(request({ 'cookie': neighbour, 'x-presenter-secret': SECRET }, '192.0.2.10'))).toEqual({ ok: true, by: 'secret' })
    // A browser that already holds an id is not given another.
    expect(cookieOf(g.cookiesFor(request({ cookie: neighbour }, '192.0.2.10')), CLIENT_COOKIE)).toBeUndefined()
  })

  it('counts a request\'s wrong header secret once, however many checks ask', () => {
    const g = createGuard({ presenterSecret: SECRET })
    const req = request({ 'host': '127.0.0.1:3030', 'x-presenter-secret': 'wrong-secret-value' }, '192.0.2.10')
    for (let i = 0; i < 10; i++) g.clientOf(req)
    expect(answer(g, req).status).toBe(403)
    expect(answer(g, request({ 'host': '127.0.0.1:3030', 'x-presenter-secret': SECRET }, '192.0.2.10')).status).toBe('ok')
  })

  it('counts a presenter\'s streams apart from its address\'s crowd', () => {
    const g = createGuard({ presenterSecret: SECRET })
    expect(g.clientOf(request({}, '192.0.2.10'))).toBe('192.0.2.10')
    expect(g.clientOf(request({ 'x-presenter-secret': SECRET }, '192.0.2.10'))).not.toBe('192.0.2.10')
  })
})
