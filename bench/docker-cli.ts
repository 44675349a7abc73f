import type Docker from 'dockerode'
import type { Buffer } from 'node:buffer'
import type { ContainerSpec } from '../demos/types'
// The docker CLI as a speaker types it, for the side-by-side numbers. The container gets exactly
// the configuration the server gives it (demos/hardening.ts), translated into flags, so both
// sides start the same container and differ only in the path that starts it.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { containerOptions } from '../demos/hardening'

const noRunObjects = {
  volume: () => { throw new Error('bench: run volumes are not supported') },
  network: () => { throw new Error('bench: run networks are not supported') },
}

export function createOptions(spec: ContainerSpec, labels: Record<string, string>): Docker.ContainerCreateOptions {
  return containerOptions(spec, labels, noRunObjects)
}

/** `docker create`/`docker run` flags equal to what the server passes to the engine's API. */
export function hardenedFlags(spec: ContainerSpec, labels: Record<string, string>): string[] {
  const o = createOptions(spec, labels)
  const h = o.HostConfig!
  const flags: string[] = []
  for (const [k, v] of Object.entries(o.Labels ?? {})) flags.push('--label', `${k}=${v}`)
  if (o.User)
    flags.push('--user', o.User)
  if (o.WorkingDir)
    flags.push('--workdir', o.WorkingDir)
  if (o.Hostname)
    flags.push('--hostname', o.Hostname)
  for (const e of o.Env ?? []) flags.push('-e', e)
  flags.push('--network', String(h.NetworkMode))
  for (const c of h.CapDrop ?? []) flags.push('--cap-drop', c)
  for (const c of h.CapAdd ?? []) flags.push('--cap-add', c)
  for (const s of h.SecurityOpt ?? []) flags.push('--security-opt', s)
  if (h.ReadonlyRootfs)
    flags.push('--read-only')
  for (const [path, opts] of Object.entries(h.Tmpfs ?? {})) flags.push('--tmpfs', `${path}:${opts}`)
  flags.push('--memory', String(h.Memory), '--memory-swap', String(h.MemorySwap))
  flags.push('--pids-limit', String(h.PidsLimit), '--cpus', String(h.NanoCpus! / 1e9))
  return flags
}

export interface CliResult {
  /** ms from spawning the CLI to its first stdout byte. */
  firstByteMs: number
  /** ms from spawning the CLI to its last stdout byte. */
  lastByteMs: number
  bytes: number
  code: number | null
  stderr: string
}

/** Runs `docker <args>` and times its stdout as the terminal would see it. */
export function timeDocker(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn('docker', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let first = Number.NaN
    let last = Number.NaN
    let bytes = 0
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      last = performance.now() - t0
      if (bytes === 0)
        first = last
      bytes += chunk.length
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', code => resolve({
      firstByteMs: first,
      lastByteMs: last,
      bytes,
      code,
      stderr,
    }))
  })
}
