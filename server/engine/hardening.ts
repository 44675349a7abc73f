// The container policy: locked down by default, loosened only by what a demo declares.
import { resolve, sep } from 'node:path'
import type Docker from 'dockerode'
import type { ContainerSpec } from '../../demos/types'
import { PROJECT_ROOT as PROJECT } from '../../shared/paths'

export const DEFAULTS = { memoryMb: 64, pids: 64, cpus: 0.5 } as const


/**
 * A bind mount as the engine gets it: read-only, its source a folder of this project. `type: bind`
 * (not `Binds`) makes the engine refuse a missing source instead of creating it on the host.
 */
export function bindMount(source: string, target: string): Docker.MountSettings {
  const path = resolve(PROJECT, source)
  if (!source.startsWith('./') || !path.startsWith(PROJECT + sep))
    throw new Error(`demo bug: bind mount source "${source}" must be a ./path inside the project`)
  return { Type: 'bind', Source: path, Target: target, ReadOnly: true }
}

export interface Resolved {
  /** Engine names of this run's volumes and networks, by the alias the demo uses. */
  volume: (alias: string) => string
  network: (alias: string) => string
}

export function containerOptions(spec: ContainerSpec, labels: Record<string, string>, names: Resolved): Docker.ContainerCreateOptions {
  const memory = (spec.memoryMb ?? DEFAULTS.memoryMb) * 1024 * 1024
  const network = spec.network === undefined || spec.network === 'none' || spec.network === 'bridge'
    ? spec.network ?? 'none'
    : names.network(spec.network)
  const ports = Object.entries(spec.ports ?? {})
  return {
    Image: spec.image,
    Cmd: spec.cmd,
    User: spec.user,
    WorkingDir: spec.workdir,
    Hostname: spec.hostname,
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: labels,
    // Demux of stdout and stderr only works without a TTY.
    Tty: false,
    AttachStdout: true,
    AttachStderr: true,
    ExposedPorts: Object.fromEntries(ports.map(([inner]) => [`${inner}/tcp`, {}])),
    HostConfig: {
      Privileged: false,
      CapDrop: ['ALL'],
      CapAdd: spec.capAdd ?? [],
      Sysctls: spec.sysctls ?? {},
      SecurityOpt: ['no-new-privileges', ...spec.seccomp ? [`seccomp=${spec.seccomp}`] : []],
      ReadonlyRootfs: spec.readOnly ?? true,
      Tmpfs: Object.fromEntries((spec.tmpfs ?? []).map(tmpfsMount)),
      Memory: memory,
      MemorySwap: memory,
      PidsLimit: spec.pids ?? DEFAULTS.pids,
      NanoCpus: Math.round((spec.cpus ?? DEFAULTS.cpus) * 1e9),
      NetworkMode: network,
      Binds: Object.entries(spec.volumes ?? {}).map(([alias, path]) => `${names.volume(alias)}:${path}`),
      Mounts: Object.entries(spec.binds ?? {}).map(([source, target]) => bindMount(source, target)),
      // Published ports never leave the machine; host port 0 (empty) lets the engine pick a free one.
      PortBindings: Object.fromEntries(ports.map(([inner, outer]) => [`${inner}/tcp`, [{ HostIp: '127.0.0.1', HostPort: outer ? String(outer) : '' }]])),
    },
    NetworkingConfig: spec.name && network !== 'none' && network !== 'bridge'
      ? { EndpointsConfig: { [network]: { Aliases: [spec.name] } } }
      : undefined,
  }
}

/** `/work` or, as with `docker run --tmpfs /work:exec`, `/work:exec`: options add to the default. */
function tmpfsMount(entry: string): [string, string] {
  const [path, options] = entry.split(':', 2) as [string, string | undefined]
  return [path, options ? `rw,size=16m,${options}` : 'rw,size=16m']
}
