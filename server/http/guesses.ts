// Wrong presenter secrets, counted so that guessing stays slow while neighbours behind one NAT
// (a conference Wi-Fi) cannot lock each other out for long:
// - per client, an address and the browser's own client id (a random HttpOnly cookie; clients
//   without one share their address's anonymous key): a few wrong within a minute lock that key
//   out for a minute;
// - per address, all its keys together: a larger cap, then a short lockout for the whole address,
//   so minting client ids buys no more than that cap per window.
// A proven presenter (the proof cookie) is never asked: see guard.ts.
export interface StrikeLimits {
  /** Wrong secrets allowed within `windowMs` before the key is locked out. */
  maxWrong: number
  windowMs: number
  lockoutMs: number
}

export interface GuessLimits extends StrikeLimits {
  /** Keys remembered at most, per table; the oldest are forgotten first. */
  maxClients: number
  /** The cap on an address's keys together. */
  perAddress: StrikeLimits
}

export const DEFAULT_GUESS_LIMITS: GuessLimits = {
  maxWrong: 5,
  windowMs: 60_000,
  lockoutMs: 60_000,
  maxClients: 10_000,
  perAddress: { maxWrong: 30, windowMs: 60_000, lockoutMs: 15_000 },
}

/** Wrong tries per key within a window, and the lockout they earn. */
class Strikes {
  private readonly wrong = new Map<string, { times: number[], lockedUntil: number }>()

  constructor(private readonly limits: StrikeLimits, private readonly maxKeys: number, private readonly now: () => number) {}

  retryAfterSec(key: string): number {
    const left = (this.wrong.get(key)?.lockedUntil ?? 0) - this.now()
    return left > 0
      ? Math.ceil(left / 1000)
      : 0
  }

  fail(key: string): void {
    const now = this.now()
    const entry = this.wrong.get(key) ?? { times: [], lockedUntil: 0 }
    this.wrong.delete(key) // re-inserted last: the map's order is oldest first
    entry.times = [
      ...entry.times.filter(t => now - t < this.limits.windowMs),
      now,
    ]
    if (entry.times.length >= this.limits.maxWrong) {
      entry.lockedUntil = now + this.limits.lockoutMs
      entry.times = []
    }
    this.wrong.set(key, entry)
    if (this.wrong.size > this.maxKeys)
      this.wrong.delete(this.wrong.keys().next().value!)
  }
}

/** Addresses hold no space, so no address and id can spell another's key. */
const clientKey = (address: string, clientId?: string): string => `${address} ${clientId ?? '-'}`

export class GuessLimiter {
  private readonly clients: Strikes
  private readonly addresses: Strikes

  constructor(limits: GuessLimits = DEFAULT_GUESS_LIMITS, now = Date.now) {
    this.clients = new Strikes(limits, limits.maxClients, now)
    this.addresses = new Strikes(limits.perAddress, limits.maxClients, now)
  }

  /** Seconds until this client (address, and its browser's id if any) may try again; 0 when now. */
  retryAfterSec(address: string, clientId?: string): number {
    return Math.max(this.clients.retryAfterSec(clientKey(address, clientId)), this.addresses.retryAfterSec(address))
  }

  /** Counts a wrong secret; returns the lockout in seconds when this one reached a limit. */
  fail(address: string, clientId?: string): number {
    this.clients.fail(clientKey(address, clientId))
    this.addresses.fail(address)
    return this.retryAfterSec(address, clientId)
  }
}
