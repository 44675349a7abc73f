import type { EngineHealth } from '../../shared/protocol'
import type { EngineEndpoint } from './endpoint'
import process from 'node:process'
// One dockerode client for the whole server, on the engine the docker CLI would use
// (engine-endpoint.ts). dockerode reads DOCKER_HOST (unix, tcp with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH,
// ssh) itself, so any engine the docker CLI reaches works here.
import Docker from 'dockerode'
import { engineAgent } from './agent'
import { DEFAULT_HOST, useCurrentContext } from './endpoint'
import { engineFacts } from './facts'

/** The oldest Engine API the demos are tried on (Docker 20.10, Debian 12's docker.io). */
export const MIN_API_VERSION = '1.41'

let endpoint: EngineEndpoint | undefined

export function createDocker(): Docker {
  try {
    endpoint ??= useCurrentContext()
  }
  catch (err) {
    // A current context that is gone: the deck still starts (and replays) on the default socket.
    console.warn(`[docker-talk] ${(err as Error).message}; using ${DEFAULT_HOST}`)
    endpoint = { host: DEFAULT_HOST, from: 'default' }
  }
  const docker = new Docker()
  const modem = docker.modem as unknown as { protocol: string, agent?: unknown }
  if (modem.protocol !== 'ssh')
    modem.agent = engineAgent(modem.protocol === 'https')
  return docker
}

/** A tcp:// or ssh:// engine: its address can name a user and a machine. */
function remoteHost(): boolean {
  const host = process.env.DOCKER_HOST
  return host !== undefined && !host.startsWith('unix://') && !host.startsWith('npipe://')
}

/**
 * The engine's address for messages, which reach every viewer: a socket path is quoted, a remote
 * host only named (its value is in the speaker's own shell or context).
 */
function where(address?: string): string {
  const host = remoteHost()
    ? '$DOCKER_HOST'
    : process.env.DOCKER_HOST ?? (address
      ? `unix://${address}`
      : 'unix:///var/run/docker.sock')
  return endpoint && endpoint.from !== 'DOCKER_HOST' && endpoint.from !== 'default'
    ? `${host} (${endpoint.from})`
    : host
}

export function apiAtLeast(version: string, min = MIN_API_VERSION): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number)
  const [x = 0, y = 0] = min.split('.').map(Number)
  return a > x || (a === x && b >= y)
}

// dockerode hands `abortSignal` to the request (its typings leave the argument out).
type VersionCall = (opts: { abortSignal: AbortSignal }) => Promise<Partial<Docker.DockerVersion> | string | undefined>

/**
 * A reachable engine answers /version quickly; a dead socket or host must not hang a request. On
 * timeout the request is aborted, so polls against a hung engine leave no connection open behind.
 * `withFacts`: also what the engine says of itself (facts.ts).
 */
export async function engineHealth(docker: Docker, timeoutMs = 2000, withFacts = false): Promise<EngineHealth['engine']> {
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const v = await (docker.version as unknown as VersionCall).call(docker, { abortSignal: signal })
    if (typeof v !== 'object' || !v?.ApiVersion || !v.Version)
      return { reachable: false, error: `${where()} answers, but not as a Docker engine does (GET /version has no ApiVersion)` }
    if (!apiAtLeast(v.ApiVersion))
      return { reachable: false, error: `the Docker engine at ${where()} speaks API ${v.ApiVersion} (Docker ${v.Version}); the demos need API ${MIN_API_VERSION} or newer (Docker 20.10+): upgrade the engine` }
    // The facts cost a GET /info: only /api/health asks for them (the deck's engine badge).
    const facts = withFacts
      ? await engineFacts(docker, v.Version, signal)
      : undefined
    return {
      reachable: true,
      version: v.Version,
      apiVersion: v.ApiVersion,
      ...facts
        ? { facts }
        : {},
    }
  }
  catch (err) {
    return {
      reachable: false,
      error: describeEngineError(signal.aborted
        ? new Error(`no answer within ${timeoutMs} ms`)
        : err),
    }
  }
}

/** Turns socket-level failures into a sentence a speaker can act on (and any viewer may read). */
export function describeEngineError(err: unknown): string {
  const e = err as { code?: string, message?: string, address?: string, statusCode?: number }
  const at = where(e.address)
  if (e.code !== 'EACCES' && isEngineDown(err))
    return `Docker engine not reachable at ${at} (${e.code})`
  if (e.code === 'EACCES') {
    return process.platform === 'linux'
      ? `permission denied on the Docker socket ${at}: this user is not in the docker group. Fix: sudo usermod -aG docker $USER, then log out and in again`
      : `Docker engine socket ${at} is not accessible to this user (EACCES)`
  }
  // An HTTP server that is not Docker (404 on /version), or a socket that does not speak HTTP at all.
  if (typeof e.statusCode === 'number' || e.code?.startsWith('HPE_')) {
    return `${at} answers, but not as a Docker engine does (${e.statusCode
      ? `HTTP ${e.statusCode} on GET /version`
      : e.code})`
  }
  if (remoteHost()) {
    return `Docker engine not reachable at ${at}${e.code
      ? ` (${e.code})`
      : ''}`
  }
  return `Docker engine not reachable: ${e.message ?? String(err)}`
}

/** Socket errors that mean no engine can be reached: nothing there, refused, cut, or not ours to use. */
const ENGINE_DOWN_CODES: readonly string[] = [
  'ENOENT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EACCES',
]

/** Errors from the engine's API carry an HTTP status; socket errors carry a code. */
export function isEngineDown(err: unknown): boolean {
  return ENGINE_DOWN_CODES.includes((err as { code?: string }).code ?? '')
}
