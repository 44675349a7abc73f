// The server drives a root-equivalent daemon, so it answers only its own deck:
// - Host must name this machine (a DNS-rebinding page has a foreign Host),
// - Origin, when a browser sends one, must be the same origin (cross-site forms and fetches),
// - other clients may watch, but only the presenter, holding the secret, may run or stop anything.
//   Under `npm run dev` the presenter's own browser on loopback needs no secret; hosted
//   (`npm start`, behind a proxy every visitor comes from 127.0.0.1) nobody is trusted by address.
import { networkInterfaces } from 'node:os'
import type { IncomingMessage } from 'node:http'
import { HttpError, tooMany } from './errors'
import { GuessLimiter } from './guesses'
import { PRESENTER_SECRET_HEADER } from '../../shared/protocol'
import { proofOf, sameSecret } from './secret'

export { PRESENTER_SECRET_HEADER }
export const PROOF_COOKIE = 'docker-talk-presenter'

export interface GuardOptions {
  /** Extra host names that may address the server (e.g. a hosted talk's domain). */
  allowedHosts?: string[]
  presenterSecret: string
  /** false when hosted: loopback is a proxy, not the presenter. Default true. */
  trustLoopback?: boolean
  guesses?: GuessLimiter
}

/** Why a client may (not) control: `locked` carries the seconds until it may try again. */
export type Authority = { ok: true, proof: boolean } | { ok: false, retryAfterSec: number }

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1']

function hostName(hostHeader: string): string {
  const bracket = hostHeader.match(/^\[([^\]]+)\](?::\d+)?$/)
  if (bracket) return `[${bracket[1]}]`
  return hostHeader.replace(/:\d+$/, '').toLowerCase()
}

function machineAddresses(): string[] {
  return Object.values(networkInterfaces()).flat().flatMap(i => i ? [i.family === 'IPv6' ? `[${i.address}]` : i.address] : [])
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie
  if (typeof header !== 'string') return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export function createGuard(options: GuardOptions) {
  const allowed = new Set([...LOCAL_NAMES, ...(options.allowedHosts ?? []).map(h => h.toLowerCase())])
  const hostAllowed = (name: string): boolean => allowed.has(name) || machineAddresses().includes(name)
  const trustLoopback = options.trustLoopback ?? true
  const guesses = options.guesses ?? new GuessLimiter()
  const proof = proofOf(options.presenterSecret)

  /** The client's address; hosted, the proxy on loopback names it last in X-Forwarded-For. */
  const clientOf = (req: IncomingMessage): string => {
    const peer = req.socket.remoteAddress ?? 'unknown'
    const forwarded = req.headers['x-forwarded-for']
    if (trustLoopback || !isLoopback(peer) || typeof forwarded !== 'string') return peer
    return forwarded.split(',').pop()!.trim().slice(0, 64) || peer
  }

  /** Trusted by address, or gave the secret (a header, a `hello`, or the proof cookie); wrong ones count. */
  const authority = (req: IncomingMessage, secret: unknown = req.headers[PRESENTER_SECRET_HEADER]): Authority => {
    if (trustLoopback && isLoopback(req.socket.remoteAddress)) return { ok: true, proof: false }
    const client = clientOf(req)
    const locked = guesses.retryAfterSec(client)
    if (locked) return { ok: false, retryAfterSec: locked }
    const given = cookie(req, PROOF_COOKIE)
    if (given !== undefined && sameSecret(given, proof)) return { ok: true, proof: true }
    if (sameSecret(secret, options.presenterSecret)) return { ok: true, proof: false }
    if (secret !== undefined || given !== undefined) return { ok: false, retryAfterSec: guesses.fail(client) }
    return { ok: false, retryAfterSec: 0 }
  }

  const mayControl = (req: IncomingMessage, secret?: unknown): boolean =>
    authority(req, ...(secret === undefined ? [] : [secret])).ok

  /** Throws an HttpError for a request that must not reach the engine. */
  const check = (req: IncomingMessage, action: 'watch' | 'control'): void => {
    const host = req.headers.host
    if (!host || !hostAllowed(hostName(host)))
      throw new HttpError(403, `refused: Host "${host ?? ''}" is not this server`)
    const origin = req.headers.origin
    if (origin !== undefined) {
      let originHost: string
      try { originHost = new URL(origin).host }
      catch { throw new HttpError(403, `refused: malformed Origin "${origin}"`) }
      if (originHost.toLowerCase() !== host.toLowerCase())
        throw new HttpError(403, `refused: cross-origin request from ${origin}`)
    }
    if (req.headers['sec-fetch-site'] === 'cross-site')
      throw new HttpError(403, 'refused: cross-site request')
    if (action === 'control') {
      const a = authority(req)
      if (a.ok) return
      if (a.retryAfterSec) throw tooMany(`refused: too many wrong presenter secrets from this client; try again in ${a.retryAfterSec} s`, a.retryAfterSec)
      throw new HttpError(403, trustLoopback
        ? 'refused: only the presenter may run or stop demos from another machine'
        : 'refused: only the presenter may run or stop demos (hosted: enter the presenter secret)')
    }
  }

  /** The Set-Cookie value for a browser that just gave the secret in a header. */
  const proofCookie = `${PROOF_COOKIE}=${proof}; Path=/; HttpOnly; SameSite=Strict`
  return Object.assign(check, { mayControl, authority, clientOf, proofCookie, trustLoopback })
}

export type Guard = ReturnType<typeof createGuard>
