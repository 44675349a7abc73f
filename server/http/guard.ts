// The server drives a root-equivalent daemon, so it answers only its own deck:
// - Host must name this machine (a DNS-rebinding page has a foreign Host),
// - Origin, when a browser sends one, must be the same origin (cross-site forms and fetches),
// - requests from other machines (`slidev --remote`) may watch, but only the presenter,
//   holding the secret, may run or stop anything.
import { timingSafeEqual } from 'node:crypto'
import { networkInterfaces } from 'node:os'
import type { IncomingMessage } from 'node:http'
import { HttpError } from './errors'

export const PRESENTER_SECRET_HEADER = 'x-presenter-secret'

export interface GuardOptions {
  /** Extra host names that may address the server (e.g. a hosted talk's domain). */
  allowedHosts?: string[]
  presenterSecret: string
}

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

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string' || given.length !== secret.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(secret))
}

export function createGuard(options: GuardOptions) {
  const allowed = new Set([...LOCAL_NAMES, ...(options.allowedHosts ?? []).map(h => h.toLowerCase())])
  const hostAllowed = (name: string): boolean => allowed.has(name) || machineAddresses().includes(name)

  /** Loopback clients control; others only with the secret (a header, or given by the caller). */
  const mayControl = (req: IncomingMessage, secret: unknown = req.headers[PRESENTER_SECRET_HEADER]): boolean =>
    isLoopback(req.socket.remoteAddress) || sameSecret(typeof secret === 'string' ? secret : undefined, options.presenterSecret)

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
    if (action === 'control' && !mayControl(req))
      throw new HttpError(403, 'refused: only the presenter may run or stop demos from another machine')
  }
  return Object.assign(check, { mayControl })
}

export type Guard = ReturnType<typeof createGuard>
