import type { ContainerSpec, DemoStep, ExitInfo, ImageField, LogOptions, ShellDef, StepContext } from './types'
// Step constructors. Each derives its CLI line from the same values it runs with,
// so what the slide shows is what the engine does.
import { DEMO_LABEL } from '../shared/labels'
import { safetyFlags, tmpfsFlag } from './hardening'
import { demoTags, imageDef } from './images'

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

function containerLine(verb: string[], spec: ContainerSpec): string {
  return [
    'docker',
    ...verb,
    ...runFlags(spec),
    spec.image,
    ...spec.cmd ?? [],
  ].map(shellQuote).join(' ')
}

/** The server's safety flags for this container that its line does not show. */
function safety(spec: ContainerSpec): string[] {
  return safetyFlags(spec, runFlags(spec))
}

export function dockerRun(spec: ContainerSpec): DemoStep {
  return {
    cli: containerLine(['run', '--rm'], spec),
    safety: safety(spec),
    run: ctx => ctx.run(spec),
    container: spec,
  }
}

export function dockerCreate(alias: string, spec: ContainerSpec): DemoStep {
  const named = { ...spec, name: spec.name ?? alias }
  return {
    cli: containerLine(['create'], named),
    safety: safety(named),
    run: ctx => ctx.create(alias, named),
  }
}

/** `docker run -d`: create and start a container that keeps running for the steps after it. */
export function dockerRunDetached(alias: string, spec: ContainerSpec): DemoStep {
  const named = { ...spec, name: spec.name ?? alias }
  return {
    cli: containerLine(['run', '-d'], named),
    safety: safety(named),
    run: async (ctx) => {
      await ctx.create(alias, named)
      await ctx.start(alias)
    },
  }
}

export function dockerStart(alias: string): DemoStep {
  return {
    cli: `docker start ${alias}`,
    run: ctx => ctx.start(alias),
  }
}

export function dockerLogs(alias: string, opts: LogOptions = {}): DemoStep {
  const follow = opts.follow || opts.forSec !== undefined
  const cli = `${opts.forSec
    ? `timeout ${opts.forSec} `
    : ''}docker logs ${follow ? '--follow ' : ''}${alias}`
  return {
    cli,
    run: ctx => ctx.logs(alias, { ...opts, follow }),
  }
}

/** `docker wait`: blocks until the container exits, then prints its exit code, as the CLI does. */
export function dockerWait(alias: string): DemoStep {
  return {
    cli: `docker wait ${alias}`,
    run: async (ctx) => {
      const exit = await ctx.wait(alias)
      ctx.print(`${exit.code}\n`)
      return exit
    },
  }
}

export function dockerStop(alias: string, timeoutSec = 2): DemoStep {
  return {
    cli: `docker stop --time ${timeoutSec} ${alias}`,
    run: ctx => ctx.stop(alias, timeoutSec),
  }
}

/** `force` removes a running container, as `docker rm -f` does; without it the step shows `docker rm`. */
export function dockerRm(alias: string, opts: { force?: boolean } = {}): DemoStep {
  return {
    cli: `docker rm ${opts.force ? '-f ' : ''}${alias}`,
    run: ctx => ctx.rm(alias),
  }
}

export function dockerExec(alias: string, cmd: string[]): DemoStep {
  return {
    cli: ['docker', 'exec', alias, ...cmd].map(shellQuote).join(' '),
    run: ctx => ctx.exec(alias, cmd),
  }
}

/** `docker inspect --format '{{.State.Status}}'`: fields of the container, space-separated. */
export function dockerInspect(alias: string, fields: string[] = ['State.Status']): DemoStep {
  const format = fields.map(f => `{{.${f}}}`).join(' ')
  return {
    cli: `docker inspect --format ${shellQuote(format)} ${alias}`,
    run: ctx => ctx.inspect(alias, fields),
  }
}

/**
 * `docker ps -a` filtered by the demo's label, as a speaker would narrow it; the server narrows
 * it further, to this run's containers.
 */
export function dockerPs(demoId: string): DemoStep {
  const format = 'table {{.Names}}\\t{{.Status}}'
  return {
    cli: `docker ps -a --filter label=${DEMO_LABEL}=${demoId} --format ${shellQuote(format)}`,
    run: ctx => ctx.ps(),
  }
}

/** `docker container prune` filtered by the demo's label (and, by the server, to this run). */
export function containerPrune(demoId: string): DemoStep {
  return {
    cli: `docker container prune --force --filter label=${DEMO_LABEL}=${demoId}`,
    run: ctx => ctx.containerPrune(),
  }
}

export function volumeCreate(alias: string): DemoStep {
  return {
    cli: `docker volume create ${alias}`,
    run: ctx => ctx.volumeCreate(alias),
  }
}

export function volumeRm(alias: string): DemoStep {
  return {
    cli: `docker volume rm ${alias}`,
    run: ctx => ctx.volumeRm(alias),
  }
}

export function networkCreate(alias: string): DemoStep {
  return {
    cli: `docker network create ${alias}`,
    run: ctx => ctx.networkCreate(alias),
  }
}

export function networkRm(alias: string): DemoStep {
  return {
    cli: `docker network rm ${alias}`,
    run: ctx => ctx.networkRm(alias),
  }
}

export function dockerPort(alias: string, containerPort: number): DemoStep {
  return {
    cli: `docker port ${alias} ${containerPort}`,
    run: async (ctx) => { await ctx.port(alias, containerPort) },
  }
}

/**
 * `curl` from the host to the port a container published. The server in a container just started
 * may not listen yet: the step retries a failed connection a few times, as the flags say.
 */
export function curlPublished(alias: string, containerPort: number, path = '/'): DemoStep {
  return {
    cli: `curl -sSf --retry 5 --retry-all-errors http://$(docker port ${alias} ${containerPort})${path}`,
    run: ctx => ctx.httpGet(alias, containerPort, path),
  }
}

/** A step whose effect has no single docker command; its CLI line is given explicitly. */
export function custom(cli: string, run: (ctx: StepContext) => Promise<ExitInfo | void>): DemoStep {
  return { cli, run }
}

/**
 * `docker build` of an image declared in demos/images.ts, from its folder under demos/images/.
 * The server builds as `docker build` does: through BuildKit (the build API's version 2 with a
 * session) wherever the engine has it, else the deprecated classic builder, which it then says.
 */
export function dockerBuild(image: string, opts: { noCache?: boolean } = {}): DemoStep {
  const dir = imageDef(image)?.dir
  if (!dir)
    throw new Error(`image "${image}" is not declared in demos/images.ts`)
  const cli = [
    'docker',
    'build',
    ...opts.noCache
      ? ['--no-cache']
      : [],
    '-t',
    image,
    `demos/images/${dir}`,
  ].join(' ')
  return {
    cli,
    run: ctx => ctx.build(image, opts),
  }
}

/** `docker history` with the columns that tell the story on a slide: the instruction and its layer's size. */
export function dockerHistory(image: string): DemoStep {
  return {
    cli: `docker history --format ${shellQuote('table {{.CreatedBy}}\t{{.Size}}')} ${image}`,
    run: ctx => ctx.history(image),
  }
}

export function imageInspect(image: string, fields: ImageField[]): DemoStep {
  const format = fields.map(f => `{{.${f}}}`).join(' ')
  return {
    cli: `docker image inspect --format ${shellQuote(format)} ${image}`,
    run: ctx => ctx.inspectImage(image, fields),
  }
}

export function dockerDiff(alias: string): DemoStep {
  return {
    cli: `docker diff ${alias}`,
    run: ctx => ctx.diff(alias),
  }
}

function declaredTag(target: string): string {
  if (!demoTags.includes(target))
    throw new Error(`tag "${target}" is not declared in demos/images.ts demoTags`)
  return target
}

export function dockerTag(source: string, target: string): DemoStep {
  return {
    cli: `docker tag ${source} ${declaredTag(target)}`,
    run: ctx => ctx.tag(source, target),
  }
}

/** `docker rmi` of a demo tag: removes that name only, never an image the demos share. */
export function dockerUntag(target: string): DemoStep {
  return {
    cli: `docker rmi ${declaredTag(target)}`,
    run: ctx => ctx.untag(target),
  }
}

/** `docker top`: the host's view of the container's processes, through the engine's top endpoint. */
export function dockerTop(alias: string, psArgs = '-o pid,ppid,user,args'): DemoStep {
  return {
    cli: `docker top ${alias} ${psArgs}`,
    run: ctx => ctx.top(alias, psArgs),
  }
}

export function dockerPause(alias: string): DemoStep {
  return {
    cli: `docker pause ${alias}`,
    run: ctx => ctx.pause(alias),
  }
}

export function dockerUnpause(alias: string): DemoStep {
  return {
    cli: `docker unpause ${alias}`,
    run: ctx => ctx.unpause(alias),
  }
}

export function dockerStats(alias: string): DemoStep {
  const format = 'table {{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.PIDs}}'
  return {
    cli: `docker stats --no-stream --format ${shellQuote(format)} ${alias}`,
    run: ctx => ctx.stats(alias),
  }
}

/** `docker start -a`: starts the container and streams its output until it exits. */
export function dockerStartAttach(alias: string): DemoStep {
  return {
    cli: `docker start -a ${alias}`,
    run: async (ctx) => {
      await ctx.start(alias)
      await ctx.logs(alias, { follow: true })
    },
  }
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
