import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
// The server drives a root-equivalent daemon, so it answers only its own deck:
// - Host must name this machine (a DNS-rebinding page has a foreign Host),
// - Origin, when a browser sends one, must be the same origin (cross-site forms and fetches),
// - other clients may watch, but only the presenter, holding the secret, may run or stop anything.
//   Under `npm run dev` the presenter's own browser on loopback needs no secret; hosted
//   (`npm start`, behind a proxy every visitor comes from 127.0.0.1) nobody is trusted by address.
// A browser that proved the secret holds a proof cookie (proof.ts): it is never locked out by
// wrong guesses, nor by the crowd's streams (viewers.ts).
import { randomBytes } from 'node:crypto'
import { networkInterfaces } from 'node:os'
import { PRESENTER_SECRET_HEADER } from '../../shared/protocol'
import { HttpError, tooMany } from './errors'
import { GuessLimiter } from './guesses'
import { ProofTokens } from './proof'
import { sameSecret } from './secret'
import { viewerKey } from './viewers'

export { PRESENTER_SECRET_HEADER }
export const PROOF_COOKIE = 'docker-talk-presenter'
/** A random id per browser, so wrong guesses lock out that browser, not its whole NAT (guesses.ts). */
export const CLIENT_COOKIE = 'docker-talk-client'
const CLIENT_ID = /^[\w-]{16,64}$/
const CLIENT_ID_MAX_AGE_SEC = 30 * 24 * 60 * 60

export interface GuardOptions {
  /** Extra host names that may address the server (e.g. a hosted talk's domain). */
  allowedHosts?: string[]
  presenterSecret: string
  /** false when hosted: loopback is a proxy, not the presenter. Default true. */
  trustLoopback?: boolean
  guesses?: GuessLimiter
  proofs?: ProofTokens
}

/**
 * Why a client may (not) control: trusted by its address, holding a proof cookie, or giving the
 * secret now; or not, with the seconds until it may try again when locked out.
 */
export type Authority = { ok: true, by: 'address' | 'proof' | 'secret' } | { ok: false, retryAfterSec: number }

const LOCAL_NAMES = [
  'localhost',
  '127.0.0.1',
  '[::1]',
  '::1',
]

function hostName(hostHeader: string): string {
  const bracket = hostHeader.match(/^\[([^\]]+)\](?::\d+)?$/)
  if (bracket)
    return `[${bracket[1]}]`
  return hostHeader.replace(/:\d+$/, '').toLowerCase()
}

function machineAddresses(): string[] {
  return Object.values(networkInterfaces()).flat().flatMap(i => i
    ? [
        i.family === 'IPv6'
          ? `[${i.address}]`
          : i.address,
      ]
    : [])
}

export function isLoopback(address: string | undefined): boolean {
  if (!address)
    return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie
  if (typeof header !== 'string')
    return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return part.slice(eq + 1).trim()
  }
  return undefined
}

export function createGuard(options: GuardOptions) {
  const allowed = new Set([
    ...LOCAL_NAMES,
    ...(options.allowedHosts ?? []).map(h => h.toLowerCase()),
  ])
  const hostAllowed = (name: string): boolean => allowed.has(name) || machineAddresses().includes(name)
  const trustLoopback = options.trustLoopback ?? true
  const guesses = options.guesses ?? new GuessLimiter()
  const proofs = options.proofs ?? new ProofTokens()
  /** One answer per request for its header secret: a wrong one counts once, however often asked. */
  const asked = new WeakMap<IncomingMessage, Authority>()

  /** The client's address; hosted, the proxy on loopback names it last in X-Forwarded-For. */
  const addressOf = (req: IncomingMessage): string => {
    const peer = req.socket.remoteAddress ?? 'unknown'
    const forwarded = req.headers['x-forwarded-for']
    if (trustLoopback || !isLoopback(peer) || typeof forwarded !== 'string')
      return peer
    return forwarded.split(',').pop()!.trim().replace(/\s/g, '').slice(0, 64) || peer
  }
  const clientIdOf = (req: IncomingMessage): string | undefined => {
    const id = cookie(req, CLIENT_COOKIE)
    return id !== undefined && CLIENT_ID.test(id)
      ? id
      : undefined
  }

  /** Holds a proof cookie, is trusted by address, or gave the secret (a header, a `hello`); wrong ones count. */
  const decide = (req: IncomingMessage, secret: unknown): Authority => {
    // A stale proof (a restart, an expiry) is no guess: the browser just proves again.
    if (proofs.valid(cookie(req, PROOF_COOKIE)))
      return { ok: true, by: 'proof' }
    const loopback = trustLoopback && isLoopback(req.socket.remoteAddress)
    const address = addressOf(req)
    const id = clientIdOf(req)
    const locked = loopback
      ? 0
      : guesses.retryAfterSec(address, id)
    if (!locked && sameSecret(secret, options.presenterSecret))
      return { ok: true, by: 'secret' }
    if (loopback)
      return { ok: true, by: 'address' }
    if (locked)
      return { ok: false, retryAfterSec: locked }
    if (secret !== undefined) {
      return {
        ok: false,
        retryAfterSec: guesses.fail(address, id),
      }
    }
    return { ok: false, retryAfterSec: 0 }
  }

  /** The one check of a request's proof, for every module: `secret` when it came in a message (the shell's `hello`). */
  const authority = (req: IncomingMessage, ...secret: [unknown?]): Authority => {
    if (secret.length)
      return decide(req, secret[0])
    let answer = asked.get(req)
    if (!answer)
      asked.set(req, answer = decide(req, req.headers[PRESENTER_SECRET_HEADER]))
    return answer
  }

  const mayControl = (req: IncomingMessage, secret?: unknown): boolean =>
    authority(req, ...(secret === undefined
      ? []
      : [secret])).ok

  /** The client as the viewer limits count it: a presenter apart from its address's crowd. */
  const clientOf = (req: IncomingMessage): string => viewerKey(addressOf(req), authority(req).ok)

  /** Throws an HttpError for a request that must not reach the engine. */
  const check = (req: IncomingMessage, action: 'watch' | 'control'): void => {
    const host = req.headers.host
    if (!host || !hostAllowed(hostName(host)))
      throw new HttpError(403, `refused: Host "${host ?? ''}" is not this server`)
    const origin = req.headers.origin
    if (origin !== undefined) {
      let originHost: string
      try {
        originHost = new URL(origin).host
      }
      catch { throw new HttpError(403, `refused: malformed Origin "${origin}"`) }
      if (originHost.toLowerCase() !== host.toLowerCase())
        throw new HttpError(403, `refused: cross-origin request from ${origin}`)
    }
    if (req.headers['sec-fetch-site'] === 'cross-site')
      throw new HttpError(403, 'refused: cross-site request')
    if (action === 'control') {
      const a = authority(req)
      if (a.ok)
        return
      if (a.retryAfterSec)
        throw tooMany(`refused: too many wrong presenter secrets from this client; try again in ${a.retryAfterSec} s`, a.retryAfterSec)
      throw new HttpError(403, trustLoopback
        ? 'refused: only the presenter may run or stop demos from another machine'
        : 'refused: only the presenter may run or stop demos (hosted: enter the presenter secret)')
    }
  }

  /** Came over TLS: to this server, or (hosted) to the proxy in front of it. */
  const overTls = (req: IncomingMessage): boolean => {
    if ((req.socket as TLSSocket).encrypted)
      return true
    const proto = req.headers['x-forwarded-proto']
    return !trustLoopback && isLoopback(req.socket.remoteAddress) && typeof proto === 'string' && proto.split(',').pop()!.trim() === 'https'
  }

  /**
   * The Set-Cookie values for an answer: a fresh proof when this request gave the right secret
   * (never for a trusted address alone), and a client id for a browser without one.
   */
  const cookiesFor = (req: IncomingMessage, a: Authority = authority(req)): string[] => {
    const attributes = `Path=/; HttpOnly; SameSite=Strict${overTls(req)
      ? '; Secure'
      : ''}`
    const cookies: string[] = []
    if (a.ok && a.by === 'secret')
      cookies.push(`${PROOF_COOKIE}=${proofs.issue()}; ${attributes}; Max-Age=${Math.floor(proofs.ttlMs / 1000)}`)
    if (!clientIdOf(req))
      cookies.push(`${CLIENT_COOKIE}=${randomBytes(18).toString('base64url')}; ${attributes}; Max-Age=${CLIENT_ID_MAX_AGE_SEC}`)
    return cookies
  }

  return Object.assign(check, {
    mayControl,
    authority,
    clientOf,
    cookiesFor,
    trustLoopback,
  })
}

export type Guard = ReturnType<typeof createGuard>
