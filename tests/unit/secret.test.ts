import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_GUESS_LIMITS, GuessLimiter } from '../../server/http/guesses'
import { ProofTokens } from '../../server/http/proof'
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

describe('guessLimiter', () => {
  it('locks a client out after the allowed wrong secrets, others not, and lets it try again later', () => {
    let now = 1_000_000
    const limiter = new GuessLimiter({
      maxWrong: 3,
      windowMs: 60_000,
      lockoutMs: 30_000,
      maxClients: 100,
      perAddress: DEFAULT_GUESS_LIMITS.perAddress,
    }, () => now)
    expect([
      limiter.fail('a'),
      limiter.fail('a'),
    ]).toEqual([0, 0])
    expect(limiter.fail('a')).toBe(30)
    expect(limiter.retryAfterSec('a')).toBe(30)
    expect(limiter.retryAfterSec('b')).toBe(0)
    now += 30_000
    expect(limiter.retryAfterSec('a')).toBe(0)
  })

  it('forgets wrong secrets older than its window, and remembers a bounded number of clients', () => {
    let now = 0
    const limiter = new GuessLimiter({
      maxWrong: 2,
      windowMs: 1000,
      lockoutMs: 1000,
      maxClients: 2,
      perAddress: DEFAULT_GUESS_LIMITS.perAddress,
    }, () => now)
    limiter.fail('a')
    now += 1000
    expect(limiter.fail('a')).toBe(0)
    limiter.fail('b')
    limiter.fail('c')
    expect(limiter.fail('a')).toBe(0) // 'a' was the oldest and was forgotten
  })
})

describe('guessLimiter: keyed by address and browser', () => {
  const limits = {
    maxWrong: 5,
    windowMs: 60_000,
    lockoutMs: 60_000,
    maxClients: 100,
    perAddress: { maxWrong: 12, windowMs: 60_000, lockoutMs: 10_000 },
  }

  it('locks out one browser behind a shared address, not its neighbours, until the address cap', () => {
    let now = 0
    const limiter = new GuessLimiter(limits, () => now)
    for (let i = 0; i < 4; i++) expect(limiter.fail('203.0.113.1', 'guesser')).toBe(0)
    expect(limiter.fail('203.0.113.1', 'guesser')).toBe(60)
    expect(limiter.retryAfterSec('203.0.113.1', 'neighbour')).toBe(0)
    expect(limiter.retryAfterSec('203.0.113.1')).toBe(0)
    // Minting ids buys no more than the address's cap: then the whole address waits, briefly.
    for (let i = 0; i < 7; i++) limiter.fail('203.0.113.1', `minted-${i}`)
    expect(limiter.retryAfterSec('203.0.113.1', 'neighbour')).toBe(10)
    expect(limiter.retryAfterSec('203.0.113.2', 'neighbour')).toBe(0)
    now += 10_000
    expect(limiter.retryAfterSec('203.0.113.1', 'neighbour')).toBe(0)
    expect(limiter.retryAfterSec('203.0.113.1', 'guesser')).toBe(50)
  })
})

describe('proofTokens', () => {
  it('takes only tokens it issued, each random, until they expire', () => {
    let now = 0
    const tokens = new ProofTokens(1000, () => now)
    const a = tokens.issue()
    const b = tokens.issue()
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[\w-]{43}$/)
    expect([
      tokens.valid(a),
      tokens.valid(b),
    ]).toEqual([true, true])
    expect(new ProofTokens().valid(a)).toBe(false)
    expect([
      tokens.valid(''),
      tokens.valid(undefined),
      tokens.valid(`${a}x`),
      tokens.valid(42),
    ]).toEqual([false, false, false, false])
    now += 999
    expect(tokens.valid(a)).toBe(true)
    now += 1
    expect(tokens.valid(a)).toBe(false)
  })

  it('holds a bounded number, forgetting the oldest', () => {
    const tokens = new ProofTokens(1000, Date.now, 2)
    const [a, b, c] = [
      tokens.issue(),
      tokens.issue(),
      tokens.issue(),
    ]
    expect([
      tokens.valid(a),
      tokens.valid(b),
      tokens.valid(c),
    ]).toEqual([false, true, true])
  })
})
