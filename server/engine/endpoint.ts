import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
// Which engine the project talks to, picked as the docker CLI picks it: DOCKER_HOST, else the
// current `docker context` (DOCKER_CONTEXT, else config.json's currentContext), else the default
// socket. Docker Desktop, colima and OrbStack each make a context of their own and make it current.
import process from 'node:process'

export interface EngineEndpoint {
  /** As DOCKER_HOST spells it: unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host. */
  host: string
  /** Where it came from, for messages: "DOCKER_HOST", "docker context colima", "default". */
  from: string
  /** The context's TLS files (ca.pem, cert.pem, key.pem), when it has any. */
  certPath?: string
}

export const DEFAULT_HOST = process.platform === 'win32'
  ? 'npipe:////./pipe/docker_engine'
  : 'unix:///var/run/docker.sock'

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  }
  catch { return undefined }
}

/** The context store keeps each context under the sha256 of its name (docker/cli context/store). */
export function contextEndpoint(name: string, configDir: string): EngineEndpoint | undefined {
  const id = createHash('sha256').update(name).digest('hex')
  const meta = readJson(join(configDir, 'contexts', 'meta', id, 'meta.json')) as { Endpoints?: { docker?: { Host?: string } } } | undefined
  const host = meta?.Endpoints?.docker?.Host
  if (!host)
    return undefined
  const tls = join(configDir, 'contexts', 'tls', id, 'docker')
  return {
    host,
    from: `docker context ${name}`,
    ...(existsSync(tls)
      ? { certPath: tls }
      : {}),
  }
}

export function engineEndpoint(env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  if (env.DOCKER_HOST)
    return { host: env.DOCKER_HOST, from: 'DOCKER_HOST' }
  const configDir = env.DOCKER_CONFIG || join(homedir(), '.docker')
  const name = env.DOCKER_CONTEXT || (readJson(join(configDir, 'config.json'))?.currentContext as string | undefined)
  if (name && name !== 'default') {
    const endpoint = contextEndpoint(name, configDir)
    if (!endpoint)
      throw new Error(`docker context "${name}" not found or has no Docker endpoint (docker context ls)`)
    return endpoint
  }
  return { host: DEFAULT_HOST, from: 'default' }
}

/**
 * Puts the current context's endpoint into DOCKER_HOST when it is unset, so dockerode (which reads
 * only DOCKER_HOST) and every docker CLI this process starts reach the same engine.
 */
export function useCurrentContext(env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  const endpoint = engineEndpoint(env)
  if (endpoint.from === 'DOCKER_HOST' || endpoint.from === 'default')
    return endpoint
  env.DOCKER_HOST = endpoint.host
  if (endpoint.certPath && !env.DOCKER_CERT_PATH) {
    env.DOCKER_CERT_PATH = endpoint.certPath
    env.DOCKER_TLS_VERIFY = '1'
  }
  return endpoint
}
