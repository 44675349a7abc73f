import type { ContainerSpec, ShellDef } from './types'
// How a step's CLI line is written: from the same values the step runs with.
import { safetyFlags, tmpfsFlag } from './hardening'

/** Quotes an argument the way a POSIX shell would need it. */
export function shellQuote(arg: string): string {
  if (arg === '')
    return '\'\''
  return /^[\w@%+=:,./-]+$/.test(arg)
    ? arg
    : `'${arg.replaceAll('\'', `'"'"'`)}'`
}

export function runFlags(spec: ContainerSpec): string[] {
  const flags: string[] = []
  if (spec.name)
    flags.push('--name', spec.name)
  if (spec.hostname)
    flags.push('--hostname', spec.hostname)
  if (spec.user)
    flags.push('--user', spec.user)
  if (spec.workdir)
    flags.push('--workdir', spec.workdir)
  for (const [k, v] of Object.entries(spec.env ?? {})) flags.push('-e', `${k}=${v}`)
  if (spec.network)
    flags.push('--network', spec.network)
  for (const [vol, path] of Object.entries(spec.volumes ?? {})) flags.push('-v', `${vol}:${path}`)
  for (const [source, path] of Object.entries(spec.binds ?? {})) flags.push('-v', `${source}:${path}:ro`)
  for (const [inner, outer] of Object.entries(spec.ports ?? {})) flags.push('-p', `127.0.0.1:${outer || ''}:${inner}`)
  for (const cap of spec.capAdd ?? []) flags.push('--cap-add', cap)
  for (const [k, v] of Object.entries(spec.sysctls ?? {})) flags.push('--sysctl', `${k}=${v}`)
  if (spec.seccomp)
    flags.push('--security-opt', `seccomp=${spec.seccomp}`)
  if (spec.apparmor)
    flags.push('--security-opt', `apparmor=${spec.apparmor}`)
  for (const entry of spec.tmpfs ?? []) flags.push('--tmpfs', tmpfsFlag(entry))
  // The swap limit equals the memory limit (no swap): shown with it, it is what makes an OOM kill.
  if (spec.memoryMb)
    flags.push('--memory', `${spec.memoryMb}m`, '--memory-swap', `${spec.memoryMb}m`)
  if (spec.pids)
    flags.push('--pids-limit', String(spec.pids))
  if (spec.cpus)
    flags.push('--cpus', String(spec.cpus))
  flags.push(...spec.showFlags ?? [])
  return flags
}

export function containerLine(verb: string[], spec: ContainerSpec): string {
  return [
    'docker',
    ...verb,
    ...runFlags(spec),
    spec.image,
    ...spec.cmd ?? [],
  ].map(shellQuote).join(' ')
}

/** The server's safety flags for this container that its line does not show. */
export function containerSafety(spec: ContainerSpec): string[] {
  return safetyFlags(spec, runFlags(spec))
}

/** A shell session's lines: the container it runs in, then the shell `docker exec -it` starts. */
export function sessionCli(def: ShellDef): string[] {
  const { container } = def
  const run = [
    'docker',
    'run',
    '-d',
    '--name',
    def.id,
    ...runFlags(container),
    container.image,
    ...container.cmd ?? [],
  ]
  return [
    run.map(shellQuote).join(' '),
    [
      'docker',
      'exec',
      '-it',
      ...def.workdir
        ? ['-w', def.workdir]
        : [],
      def.id,
      ...def.shell,
    ].map(shellQuote).join(' '),
  ]
}
