import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Guard } from './guard'
import { posix } from 'node:path'
// Slidev's dev server is a tool for one trusted developer; under `slidev --remote` (trusted
// networks only: the audience has a listener of its own) the network reaches it too. What a client
// beyond loopback that has not proven the presenter secret (the proof cookie) may not do:
// - `/__mcp` (its MCP server rewrites slides, which then run in the presenter's browser): this
//   machine only, proven or not;
// - write anything outside the API (Slidev's shared state, where `POST /@server-reactive/nav`
//   drives every window's slides; its slide editor, `POST /__slidev/slides/N.json`): the secret;
// - open the speaker's editor (`/__open-in-editor`), list folders for Monaco's types
//   (`/@slidev-monaco-types/*`), read a slide's source and notes (`/__slidev/slides/N.json`), or
//   read the project beyond the deck's own files (the server, scripts, tests, dotfiles, configs),
//   through `/@fs`, `/@id` or a plain path, in any spelling (`//`, `./`, percent-encoded);
// - open Vite's HMR WebSocket (one malformed message there could stop the whole deck);
// - read the `--remote` password: it is replaced in every answer, wherever it hides (its
//   `/@slidev/configs` module in any spelling), and no validator lets it be guessed by If-None-Match.
import process from 'node:process'
import { HttpError } from './errors'
import { isLoopback } from './guard'
import { hidePassword } from './hide-password'

export interface SlidevGuardOptions {
  guard: Guard
  /** Slidev's `--remote=<password>`, if one was given. */
  remotePassword?: string
  /** The project's root (Vite's `root`): `/@fs` paths are checked relative to it. */
  root: string
}

/** The path a server would end up serving: decoded (repeatedly), `\` as `/`, `//`, `.` and `..` resolved. */
export function normalisedPath(url: string): string {
  let p = url.split(/[?#]/)[0]!
  for (let i = 0; i < 4; i++) {
    let decoded: string
    try {
      decoded = decodeURIComponent(p)
    }
    catch { break }
    if (decoded === p)
      break
    p = decoded
  }
  return posix.normalize(`/${p.replaceAll('\\', '/')}`).replace(/\/+$/, '') || '/'
}

const isWrite = (method: string | undefined): boolean => method !== 'GET' && method !== 'HEAD'

/** Dev endpoints that are the speaker's own, whatever the file. */
const SPEAKER_ONLY = [/^\/__open-in-editor(\/|$)/, /^\/@slidev-monaco-types(\/|$)/, /^\/__slidev(\/|$)/]
/** Project folders the deck never loads from: the server, its tools, its tests. */
const NOT_DECK = new Set([
  'server',
  'scripts',
  'tests',
  'bench',
  'docs',
  'types',
  'dist',
])
/** Files at the project's top the deck loads; an extensionless path is a slide route. */
const DECK_TOP_FILE = /^(?:slides\.md.*|[\w-]+\.vue|index\.html|favicon\.\w+|[^.]*)$/

/** A project-relative path (no leading `/`) the deck itself needs, or anything under node_modules. */
function deckFile(rel: string): boolean {
  const parts = rel.split('/')
  // Libraries, and what Vite and Slidev generate there (`.vite/deps`, `.slidev/virtual`).
  if (parts[0] === 'node_modules')
    return true
  if (parts.some(part => part.startsWith('.')))
    return false
  if (parts.length === 1)
    return DECK_TOP_FILE.test(parts[0]!)
  return !NOT_DECK.has(parts[0]!)
}

/** Why an unproven client beyond loopback may not have this path; undefined when it may. */
function refusalOf(p: string, root: string): string | undefined {
  if (SPEAKER_ONLY.some(re => re.test(p)))
    return 'Slidev\'s dev endpoints answer the presenter only'
  let file = p
  const abs = p.startsWith('/@fs/')
    ? p.slice('/@fs'.length)
    : p
  if (p.startsWith('/@fs/') || abs === root || abs.startsWith(`${root}/`)) {
    // Vite serves absolute paths too, with or without `/@fs`.
    if (abs !== root && !abs.startsWith(`${root}/`))
      return 'files outside the project are the presenter\'s only'
    file = abs.slice(root.length)
  }
  else if (p.startsWith('/@id/')) {
    // A virtual id (`/@id/__x00__…`) or a bare one (`/@id/vue`) is the deck's; a path is checked as one.
    const id = p.slice('/@id/'.length)
    return /^(?:__x00__|virtual:)/.test(id)
      ? undefined
      : refusalOf(`/${id}`, root)
  }
  else if (p.startsWith('/@')) {
    return undefined // Vite's and Slidev's virtual modules (the password is replaced in them)
  }
  return deckFile(file.replace(/^\/+/, ''))
    ? undefined
    : 'the project\'s source beyond the deck is the presenter\'s only'
}

function answer(res: ServerResponse, err: HttpError): void {
  res.statusCode = err.status
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v)
  res.setHeader('Content-Type', 'application/json')
  res.end(JSON.stringify({ error: err.message }))
}

/** A client the dev server treats as the presenter's: loopback in `npm run dev`, or proven. */
const presenterSide = (req: IncomingMessage, guard: Guard): boolean => guard.authority(req).ok

/** Returns true when it answered the request itself; false passes it on to Slidev. */
export function guardSlidevEndpoint(req: IncomingMessage, res: ServerResponse, options: SlidevGuardOptions): boolean {
  const p = normalisedPath(req.url ?? '')
  const { guard, remotePassword } = options
  try {
    if (p === '/__mcp') {
      guard(req, 'watch')
      if (!isLoopback(req.socket.remoteAddress))
        throw new HttpError(403, 'refused: Slidev\'s MCP endpoint answers this machine only')
      return false
    }
    if (req.url?.startsWith('/api/'))
      return false // the API guards itself
    if (isWrite(req.method)) {
      guard(req, 'control')
      return false
    }
    if (presenterSide(req, guard))
      return false
    guard(req, 'watch')
    const refusal = refusalOf(p, options.root.replace(/\/+$/, ''))
    if (refusal)
      throw new HttpError(403, `refused: ${refusal}`)
    delete req.headers['if-none-match']
    if (remotePassword)
      hidePassword(res, remotePassword)
    return false
  }
  catch (err) {
    answer(res, err instanceof HttpError
      ? err
      : new HttpError(403, 'refused'))
    return true
  }
}

/**
 * For Vite's HMR WebSocket (every upgrade but the API's): true when it refused it, answering as the
 * API answers; false passes it on to Vite.
 */
export function refuseSlidevUpgrade(req: IncomingMessage, socket: Duplex, guard: Guard, refuse: (socket: Duplex, err: HttpError) => void): boolean {
  try {
    guard(req, 'watch')
    if (presenterSide(req, guard))
      return false
    throw new HttpError(403, 'refused: Vite\'s dev socket answers the presenter only')
  }
  catch (err) {
    refuse(socket, err instanceof HttpError
      ? err
      : new HttpError(403, 'refused'))
    return true
  }
}

/** A WebSocket as Vite hands it to a `server.ws` 'connection' listener. */
interface HmrSocket { emit: (event: string | symbol, ...args: unknown[]) => boolean }

/**
 * For every HMR socket, even the presenter's: drops a message that is no JSON object, or a
 * `slidev:monaco-write` without its `{file, content}`, before any listener sees it. Slidev's
 * listener reads those fields unchecked in an async handler: one such message ended the process.
 */
export function dropMalformedHmrMessages(socket: HmrSocket): void {
  const emit = socket.emit.bind(socket)
  socket.emit = (event, ...args) => event === 'message' && !wellFormed(args[0])
    ? false
    : emit(event, ...args)
}

function wellFormed(data: unknown): boolean {
  let message: unknown
  try {
    message = JSON.parse(String(data))
  }
  catch { return false }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return false
  const { type, event, data: payload } = message as { type?: unknown, event?: unknown, data?: unknown }
  if (type !== 'custom' || event !== 'slidev:monaco-write')
    return true
  const write = payload as { file?: unknown, content?: unknown } | null | undefined
  return typeof write?.file === 'string' && typeof write.content === 'string'
}

/** The `--remote` value from Slidev's command line (`--remote=pw` or `--remote pw`). */
export function remotePasswordFromArgv(argv = process.argv): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg.startsWith('--remote='))
      return arg.slice('--remote='.length) || undefined
    if (arg === '--remote' && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-'))
      return argv[i + 1]
  }
  return undefined
}
