import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { HttpError } from '../../server/http/errors'
import { createGuard } from '../../server/http/guard'

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
