// The presenter's proof: a random token handed to a browser only after it gave the right secret,
// kept in this process only. A restart forgets every token (each start has its own), each one
// expires, and a token says nothing about the secret (no offline guessing from a cookie).
import { randomBytes } from 'node:crypto'

/** How long a proof lasts: a talk and its rehearsal, not the next day's. */
export const PROOF_TTL_MS = 12 * 60 * 60 * 1000
/** Proofs held at most (a presenter's browsers, not a crowd's); the oldest go first. */
export const MAX_PROOFS = 256

export class ProofTokens {
  /** token -> expiry (ms since epoch), oldest first. */
  private readonly tokens = new Map<string, number>()

  constructor(readonly ttlMs = PROOF_TTL_MS, private readonly now = (): number => Date.now(), private readonly max = MAX_PROOFS) {}

  /** A new token, valid for ttlMs from now. */
  issue(): string {
    const token = randomBytes(32).toString('base64url')
    this.tokens.set(token, this.now() + this.ttlMs)
    if (this.tokens.size > this.max)
      this.tokens.delete(this.tokens.keys().next().value!)
    return token
  }

  /** True for a token this process issued and that has not expired; anything else is false. */
  valid(token: unknown): boolean {
    if (typeof token !== 'string')
      return false
    const expiry = this.tokens.get(token)
    if (expiry === undefined)
      return false
    if (expiry > this.now())
      return true
    this.tokens.delete(token)
    return false
  }
}
