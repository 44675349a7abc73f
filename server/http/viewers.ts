import type { HttpError } from './errors'
import process from 'node:process'
// How many event streams and shell sockets the server holds open: per client address and in
// total, so one client (or a crowd) cannot exhaust sockets and memory. Beyond: 429 on HTTP, close
// 1013 (try again later) on a WebSocket. The presenter is never locked out by the crowd: a
// presenter's streams count apart from its address's other clients (one NAT, a hall of phones),
// and the last `presenterReserve` slots of the total are theirs only.
import { tooMany } from './errors'

export interface ViewerLimits {
  perClient: number
  total: number
  /** Slots of `total` only a presenter may take (at most half of it). */
  presenterReserve: number
  /** A stream whose send buffer stays full this long is cut off (its reader stalled). */
  stallMs: number
}

/** A full lecture hall on `slidev --remote`: hundreds of windows, a few streams each. */
export const DEFAULT_VIEWER_LIMITS: ViewerLimits = {
  perClient: 64,
  total: 2000,
  presenterReserve: 64,
  stallMs: 30_000,
}

const PRESENTER = 'presenter '

/**
 * The key a viewer is counted under: its address, or for a presenter (trusted by address, or
 * proven) a key of its own on that address. Addresses hold no space, so none spells a presenter's.
 */
export function viewerKey(address: string, presenter: boolean): string {
  return presenter
    ? `${PRESENTER}${address}`
    : address
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '')
    return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, not "${raw}"`)
  return n
}

export function viewerLimitsFromEnv(): ViewerLimits {
  return {
    perClient: positive('TALK_MAX_VIEWERS_PER_CLIENT', DEFAULT_VIEWER_LIMITS.perClient),
    total: positive('TALK_MAX_VIEWERS', DEFAULT_VIEWER_LIMITS.total),
    presenterReserve: positive('TALK_PRESENTER_RESERVED_VIEWERS', DEFAULT_VIEWER_LIMITS.presenterReserve),
    stallMs: positive('TALK_STALL_TIMEOUT_MS', DEFAULT_VIEWER_LIMITS.stallMs),
  }
}

export class Viewers {
  private readonly byClient = new Map<string, number>()
  private open = 0

  constructor(readonly limits: ViewerLimits = DEFAULT_VIEWER_LIMITS) {}

  /** Admits one more viewer under this key (viewerKey), returning its release; or the refusal to answer. */
  admit(client: string): { release: () => void } | { refused: HttpError } {
    const mine = this.byClient.get(client) ?? 0
    if (mine >= this.limits.perClient) {
      return {
        refused: tooMany(`refused: this client already holds ${mine} streams and shells (at most ${this.limits.perClient}); close some windows`, 5),
      }
    }
    const { total } = this.limits
    const cap = client.startsWith(PRESENTER)
      ? total
      : total - Math.min(this.limits.presenterReserve, Math.floor(total / 2))
    if (this.open >= cap) {
      return {
        refused: tooMany(`refused: the server already serves ${this.open} streams and shells (at most ${cap}${cap < total
          ? ', the rest are kept for the presenter'
          : ''})`, 5),
      }
    }
    this.byClient.set(client, mine + 1)
    this.open++
    let released = false
    return {
      release: () => {
        if (released)
          return
        released = true
        this.open--
        const left = (this.byClient.get(client) ?? 1) - 1
        if (left > 0)
          this.byClient.set(client, left)
        else this.byClient.delete(client)
      },
    }
  }

  get count(): number {
    return this.open
  }
}
