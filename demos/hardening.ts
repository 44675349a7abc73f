import type Docker from 'dockerode'
import type { ContainerSpec } from './types'
// The container policy: locked down by default, loosened only by what a demo declares.
import { resolve, sep } from 'node:path'
import { PROJECT_ROOT as PROJECT } from '../shared/paths'

export const DEFAULTS = { memoryMb: 64, pids: 64, cpus: 0.5 } as const

/**
 * A bind mount as the engine gets it: read-only, its source a folder of this project. `type: bind`
 * (not `Binds`) makes the engine refuse a missing source instead of creating it on the host.
 */
export function bindMount(source: string, target: string): Docker.MountSettings {
  const path = resolve(PROJECT, source)
  if (!source.startsWith('./') || !path.startsWith(PROJECT + sep))
    throw new Error(`demo bug: bind mount source "${source}" must be a ./path inside the project`)
  return {
    Type: 'bind',
    Source: path,
    Target: target,
    ReadOnly: true,
  }
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
      SecurityOpt: [
        'no-new-privileges',
        ...spec.seccomp
          ? [`seccomp=${spec.seccomp}`]
          : [],
        ...spec.apparmor
          ? [`apparmor=${spec.apparmor}`]
          : [],
      ],
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
      PortBindings: Object.fromEntries(ports.map(([inner, outer]) => [
        `${inner}/tcp`,
        [
          {
            HostIp: '127.0.0.1',
            HostPort: outer
              ? String(outer)
              : '',
          },
        ],
      ])),
    },
    NetworkingConfig: spec.name && network !== 'none' && network !== 'bridge'
      ? {
          EndpointsConfig: {
            [network]: {
              Aliases: [spec.name],
            },
          },
        }
      : undefined,
  }
}

/**
 * `/work` or, as with `docker run --tmpfs /work:exec`, `/work:exec`: options add to the default
 * size. The slide shows the result as it is (`--tmpfs /work:size=16m,exec`), see tmpfsFlag.
 */
function tmpfsMount(entry: string): [string, string] {
  const [path, options] = entry.split(':', 2) as [string, string | undefined]
  return [
    path,
    options
      ? `size=16m,${options}`
      : 'size=16m',
  ]
}

/** A demo's tmpfs entry as the `--tmpfs` value that makes the same mount. */
export function tmpfsFlag(entry: string): string {
  return tmpfsMount(entry).join(':')
}

// Flags that may appear more than once: shown only when the line has this very value.
const REPEATABLE = new Set(['--cap-drop', '--security-opt'])

/**
 * The flags this policy adds to a container beyond those its demo's line already shows (`shown`,
 * from runFlags): the line plus these, pasted after `docker run`, makes the same container. The
 * slide shows them set apart; tests/integration/cli-equivalence.test.ts proves the claim.
 */
export function safetyFlags(spec: ContainerSpec, shown: readonly string[]): string[] {
  const memory = `${spec.memoryMb ?? DEFAULTS.memoryMb}m`
  const policy: string[][] = [
    ['--cap-drop', 'ALL'],
    ['--security-opt', 'no-new-privileges'],
    ...spec.readOnly ?? true
      ? [
          ['--read-only'],
        ]
      : [],
    ...spec.network === undefined
      ? [
          ['--network', 'none'],
        ]
      : [],
    ['--memory', memory],
    ['--memory-swap', memory],
    [
      '--pids-limit',
      String(spec.pids ?? DEFAULTS.pids),
    ],
    [
      '--cpus',
      String(spec.cpus ?? DEFAULTS.cpus),
    ],
  ]
  const onLine = (flag: string, value?: string): boolean => shown.some((word, i) =>
    word === flag && (!REPEATABLE.has(flag) || shown[i + 1] === value))
  return policy.filter(([flag, value]) => !onLine(flag!, value)).flat()
}
