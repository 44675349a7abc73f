import type { ContainerSpec, DemoStep, LogOptions } from './types'
// Steps on containers: their life cycle, what runs in them and what the engine says about them.
import { DEMO_LABEL } from '../shared/labels'
import { containerLine, containerSafety, shellQuote } from './cli-line'

export function dockerRun(spec: ContainerSpec): DemoStep {
  return {
    cli: containerLine(['run', '--rm'], spec),
    safety: containerSafety(spec),
    run: ctx => ctx.run(spec),
    container: spec,
  }
}

export function dockerCreate(alias: string, spec: ContainerSpec): DemoStep {
  const named = { ...spec, name: spec.name ?? alias }
  return {
    cli: containerLine(['create'], named),
    safety: containerSafety(named),
    run: ctx => ctx.create(alias, named),
  }
}

/** `docker run -d`: create and start a container that keeps running for the steps after it. */
export function dockerRunDetached(alias: string, spec: ContainerSpec): DemoStep {
  const named = { ...spec, name: spec.name ?? alias }
  return {
    cli: containerLine(['run', '-d'], named),
    safety: containerSafety(named),
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

export function dockerDiff(alias: string): DemoStep {
  return {
    cli: `docker diff ${alias}`,
    run: ctx => ctx.diff(alias),
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
