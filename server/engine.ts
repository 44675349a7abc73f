// One dockerode client for the whole server. dockerode reads DOCKER_HOST (unix, tcp with
// DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, ssh) itself, so any engine the docker CLI reaches works here.
import Docker from 'dockerode'
import type { EngineHealth } from './protocol'

export function createDocker(): Docker {
  return new Docker()
}

/** A reachable engine answers /version quickly; a dead socket or host must not hang a request. */
export async function engineHealth(docker: Docker, timeoutMs = 2000): Promise<EngineHealth['engine']> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    const v = await Promise.race([docker.version(), timeout])
    return { reachable: true, version: v.Version, apiVersion: v.ApiVersion }
  }
  catch (err) {
    return { reachable: false, error: describeEngineError(err) }
  }
  finally {
    clearTimeout(timer)
  }
}

/** Turns socket-level failures into a sentence a speaker can act on. */
export function describeEngineError(err: unknown): string {
  const e = err as { code?: string, message?: string, address?: string }
  const where = process.env.DOCKER_HOST ?? e.address ?? '/var/run/docker.sock'
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'EPIPE')
    return `Docker engine not reachable at ${where} (${e.code})`
  if (e.code === 'EACCES')
    return `Docker engine socket ${where} is not accessible to this user (EACCES)`
  return `Docker engine not reachable: ${e.message ?? String(err)}`
}

/** Errors from the engine's API carry an HTTP status; socket errors carry a code. */
export function isEngineDown(err: unknown): boolean {
  const code = (err as { code?: string }).code
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'EACCES'
}
