// Wrong presenter secrets per client: after a few within a minute, that client's tries are
// refused for a while, on HTTP (429 + Retry-After) and on the shell WebSocket alike.
export interface GuessLimits {
  /** Wrong secrets allowed within `windowMs` before the client is locked out. */
  maxWrong: number
  windowMs: number
  lockoutMs: number
  /** Clients remembered at most; the oldest are forgotten first. */
  maxClients: number
}

export const DEFAULT_GUESS_LIMITS: GuessLimits = { maxWrong: 5, windowMs: 60_000, lockoutMs: 60_000, maxClients: 10_000 }

export class GuessLimiter {
  private readonly wrong = new Map<string, { times: number[], lockedUntil: number }>()

  constructor(private readonly limits: GuessLimits = DEFAULT_GUESS_LIMITS, private readonly now = Date.now) {}

  /** Seconds until this client may try again; 0 when it may try now. */
  retryAfterSec(client: string): number {
    const left = (this.wrong.get(client)?.lockedUntil ?? 0) - this.now()
    return left > 0 ? Math.ceil(left / 1000) : 0
  }

  /** Counts a wrong secret; returns the lockout in seconds when this one reached the limit. */
  fail(client: string): number {
    const now = this.now()
    const entry = this.wrong.get(client) ?? { times: [], lockedUntil: 0 }
    this.wrong.delete(client) // re-inserted last: the map's order is oldest first
    entry.times = [...entry.times.filter(t => now - t < this.limits.windowMs), now]
    if (entry.times.length >= this.limits.maxWrong) {
      entry.lockedUntil = now + this.limits.lockoutMs
      entry.times = []
    }
    this.wrong.set(client, entry)
    if (this.wrong.size > this.limits.maxClients) this.wrong.delete(this.wrong.keys().next().value!)
    return this.retryAfterSec(client)
  }
}
