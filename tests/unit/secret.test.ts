import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GuessLimiter } from '../../server/http/guesses'
import { MIN_SECRET_CHARS, resolvePresenterSecret, sameSecret, WeakSecretError } from '../../server/http/secret'

const SECRET = 'a-presenter-secret-0123'

describe('sameSecret', () => {
  it('never throws, whatever the string (non-ASCII of the same length included)', () => {
    expect(sameSecret('é'.repeat(SECRET.length), SECRET)).toBe(false)
    expect(sameSecret('\u{1F600}'.repeat(16), 'x'.repeat(32))).toBe(false)
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 64 }), fc.anything()), (given) => {
      expect(sameSecret(given, SECRET)).toBe(given === SECRET)
    }), { seed: 13, numRuns: 200 })
    expect(sameSecret(SECRET, SECRET)).toBe(true)
    expect(sameSecret('', '')).toBe(false)
  })
})

describe('resolvePresenterSecret', () => {
  it('refuses an empty or short secret with a message that says what to do', () => {
    expect(() => resolvePresenterSecret('')).toThrow(WeakSecretError)
    expect(() => resolvePresenterSecret('')).toThrow(/TALK_PRESENTER_SECRET is empty: .*at least 16 characters/)
    expect(() => resolvePresenterSecret('x'.repeat(MIN_SECRET_CHARS - 1))).toThrow(/too short/)
    expect(() => resolvePresenterSecret(undefined, 'short')).toThrow(/the --remote password is too short/)
    expect(resolvePresenterSecret('x'.repeat(MIN_SECRET_CHARS))).toBe('x'.repeat(MIN_SECRET_CHARS))
  })

  it('uses the --remote password as the one secret, and refuses two different ones', () => {
    expect(resolvePresenterSecret(undefined, SECRET)).toBe(SECRET)
    expect(resolvePresenterSecret(SECRET, SECRET)).toBe(SECRET)
    expect(() => resolvePresenterSecret(`${SECRET}-other`, SECRET)).toThrow(/give one secret/)
  })

  it('makes a long random one when none is given', () => {
    const a = resolvePresenterSecret(undefined)
    expect(a.length).toBeGreaterThanOrEqual(MIN_SECRET_CHARS)
    expect(resolvePresenterSecret(undefined)).not.toBe(a)
  })
})

describe('GuessLimiter', () => {
  it('locks a client out after the allowed wrong secrets, others not, and lets it try again later', () => {
    let now = 1_000_000
    const limiter = new GuessLimiter({ maxWrong: 3, windowMs: 60_000, lockoutMs: 30_000, maxClients: 100 }, () => now)
    expect([limiter.fail('a'), limiter.fail('a')]).toEqual([0, 0])
    expect(limiter.fail('a')).toBe(30)
    expect(limiter.retryAfterSec('a')).toBe(30)
    expect(limiter.retryAfterSec('b')).toBe(0)
    now += 30_000
    expect(limiter.retryAfterSec('a')).toBe(0)
  })

  it('forgets wrong secrets older than its window, and remembers a bounded number of clients', () => {
    let now = 0
    const limiter = new GuessLimiter({ maxWrong: 2, windowMs: 1000, lockoutMs: 1000, maxClients: 2 }, () => now)
    limiter.fail('a')
    now += 1000
    expect(limiter.fail('a')).toBe(0)
    limiter.fail('b')
    limiter.fail('c')
    expect(limiter.fail('a')).toBe(0) // 'a' was the oldest and was forgotten
  })
})
