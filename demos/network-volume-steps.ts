import type { DemoStep } from './types'
// Steps on volumes, networks and the ports a container publishes.

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
