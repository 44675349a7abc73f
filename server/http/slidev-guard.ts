// Slidev's own dev endpoints are part of what the network reaches under `slidev --remote`:
// - `/__mcp` (its MCP server rewrites slides, which then run in the presenter's browser): this
//   machine only;
// - `/@slidev/configs` carries the `--remote` password: a client that has not proven the
//   presenter secret (loopback, or the proof cookie) gets it replaced by an unguessable stand-in;
// - every write to the dev server outside the API (Slidev's shared state, where
//   `POST /@server-reactive/nav` drives every window's slides; its slide editor,
//   `POST /__slidev/slides/N.json`, which rewrites slides on disk) needs the presenter secret from
//   beyond loopback, as the API's controls do.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError } from './errors'
import type { Guard } from './guard'
import { isLoopback } from './guard'

export interface SlidevGuardOptions {
  guard: Guard
  /** Slidev's `--remote=<password>`, if one was given. */
  remotePassword?: string
  /** Vite's own transform of a module URL (the configs module's code). */
  transform: (url: string) => Promise<string | undefined>
}

const STAND_IN = `not-for-unproven-clients-${randomBytes(18).toString('base64url')}`

function path(url: string): string {
  const bare = url.split('?')[0]!
  try { return decodeURIComponent(bare).replace(/\/$/, '') }
  catch { return bare }
}

const isWrite = (method: string | undefined): boolean => method !== 'GET' && method !== 'HEAD'

/** Requests this guard looks at; every other one passes straight on. */
export function isGuardedSlidevRequest(req: IncomingMessage): boolean {
  const p = path(req.url ?? '')
  return p === '/__mcp' || p.endsWith('@slidev/configs') || (isWrite(req.method) && !p.startsWith('/api/'))
}

/** The `--remote` value from Slidev's command line (`--remote=pw` or `--remote pw`). */
export function remotePasswordFromArgv(argv = process.argv): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg.startsWith('--remote=')) return arg.slice('--remote='.length) || undefined
    if (arg === '--remote' && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) return argv[i + 1]
  }
  return undefined
}

function answer(res: ServerResponse, err: HttpError): void {
  res.statusCode = err.status
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v)
  res.setHeader('Content-Type', 'application/json')
  res.end(JSON.stringify({ error: err.message }))
}

/** Returns true when it answered the request itself; false passes it on to Slidev. */
export async function guardSlidevEndpoint(req: IncomingMessage, res: ServerResponse, options: SlidevGuardOptions): Promise<boolean> {
  const url = req.url ?? ''
  const p = path(url)
  const { guard, remotePassword } = options
  try {
    if (p === '/__mcp') {
      guard(req, 'watch')
      if (!isLoopback(req.socket.remoteAddress))
        throw new HttpError(403, 'refused: Slidev\'s MCP endpoint answers this machine only')
      return false
    }
    if (isWrite(req.method)) {
      guard(req, 'control')
      return false
    }
    if (remotePassword && p.endsWith('@slidev/configs') && !guard.authority(req).ok) {
      const code = await options.transform(url)
      const hidden = code?.replaceAll(JSON.stringify(remotePassword), JSON.stringify(STAND_IN))
      if (hidden === undefined || hidden.includes(remotePassword))
        throw new HttpError(403, 'refused: the deck\'s configuration is for the presenter only')
      res.setHeader('Content-Type', 'text/javascript')
      res.setHeader('Cache-Control', 'no-store')
      res.end(hidden)
      return true
    }
    return false
  }
  catch (err) {
    answer(res, err instanceof HttpError ? err : new HttpError(403, 'refused'))
    return true
  }
}
