// The presenter secret: one per talk, long enough not to be guessed, compared in constant time.
import type { Buffer } from 'node:buffer'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const MIN_SECRET_CHARS = 16

/** Thrown at start for a secret the server must not run with; the message says what to do. */
export class WeakSecretError extends Error {}

/**
 * The secret from Slidev's `--remote=<password>` or TALK_PRESENTER_SECRET (one secret, so the
 * speaker types one password), or a random one. An empty or short one is refused, not used.
 */
export function resolvePresenterSecret(env: string | undefined, remotePassword?: string): string {
  if (remotePassword !== undefined && env !== undefined && env !== remotePassword)
    throw new WeakSecretError('TALK_PRESENTER_SECRET differs from the --remote password: give one secret (the --remote password is the presenter secret)')
  const given = remotePassword ?? env
  const source = remotePassword !== undefined
    ? 'the --remote password'
    : 'TALK_PRESENTER_SECRET'
  if (given === undefined)
    return randomBytes(18).toString('base64url')
  if ([...given].length < MIN_SECRET_CHARS)
    throw new WeakSecretError(`${source} is ${given.length ? 'too short' : 'empty'}: the presenter secret needs at least ${MIN_SECRET_CHARS} characters (it lets a window on another machine run containers)`)
  return given
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest()

/** Compares fixed-length digests: any string, of any length or characters, never throws. */
export function sameSecret(given: unknown, secret: string): boolean {
  if (typeof given !== 'string' || given.length === 0)
    return false
  return timingSafeEqual(digest(given), digest(secret))
}
