import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { HttpError } from '../../server/http/errors'
import { createGuard, PROOF_COOKIE } from '../../server/http/guard'
import { proofOf } from '../../server/http/secret'

const guard = createGuard({ presenterSecret: 's3cret-value' })

function request(headers: Record<string, string>, remoteAddress = '127.0.0.1'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage
}

function status(fn: () => void): number | 'ok' {
  try { fn(); return 'ok' }
  catch (e) { return (e as HttpError).status }
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
    expect(status(() => guard(request({ host: 'localhost:3030', 'sec-fetch-site': 'cross-site' }), 'watch'))).toBe(403)
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
  const answer = (g: ReturnType<typeof createGuard>, req: IncomingMessage): { status: number | 'ok', retryAfter?: string } => {
    try { g(req, 'control'); return { status: 'ok' } }
    catch (e) { return { status: (e as HttpError).status, retryAfter: (e as HttpError).headers['Retry-After'] } }
  }

  it('answers a non-ASCII secret of the secret\'s length with 403, not a throw of timingSafeEqual', () => {
    const g = createGuard({ presenterSecret: SECRET })
    expect(answer(g, remote({ 'x-presenter-secret': 'é'.repeat(SECRET.length) })).status).toBe(403)
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
    const g = createGuard({ presenterSecret: SECRET, trustLoopback: false })
    expect(answer(g, request({ host: 'localhost:3030' })).status).toBe(403)
    expect(answer(g, request({ host: 'localhost:3030', 'x-presenter-secret': SECRET })).status).toBe('ok')
    for (let i = 0; i < 5; i++) answer(g, request({ 'host': 'localhost', 'x-forwarded-for': '203.0.113.9', 'x-presenter-secret': 'nope' }))
    expect(answer(g, request({ 'host': 'localhost', 'x-forwarded-for': '203.0.113.9', 'x-presenter-secret': SECRET })).status).toBe(429)
    expect(answer(g, request({ 'host': 'localhost', 'x-forwarded-for': '1.2.3.4, 203.0.113.10', 'x-presenter-secret': SECRET })).status).toBe('ok')
    expect(answer(g, request({ host: 'localhost', cookie: `a=b; ${PROOF_COOKIE}=${proofOf(SECRET)}` })).status).toBe('ok')
    expect(g.proofCookie).toContain('HttpOnly')
  })
})
