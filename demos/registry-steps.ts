import type { DemoStep, StepContext } from './types'
// Steps of the registry demo: shell variables carry the registry's address and a digest from one
// line to the next, as they would in the speaker's shell.
import { shellQuote } from './cli-line'

/** `$NAME` in a reference, as the shell expands it from an earlier line of this run. */
function expand(ctx: StepContext, text: string): string {
  return text.replace(/\$(\w+)/g, (_, name: string) => {
    const value = ctx.vars.get(name)
    if (value === undefined)
      throw new Error(`demo bug: $${name} is used before a step sets it`)
    return value
  })
}

/** `NAME=$(docker port alias port); echo $NAME`: the published address, kept for later lines. */
export function portVar(name: string, alias: string, containerPort: number): DemoStep {
  return {
    cli: `${name}=$(docker port ${alias} ${containerPort}); echo $${name}`,
    run: async (ctx) => { ctx.vars.set(name, await ctx.port(alias, containerPort)) },
  }
}

/** `NAME=$(docker inspect --format '{{index .RepoDigests 0}}' ref)`: the name@digest a push gave. */
export function digestVar(name: string, ref: string): DemoStep {
  return {
    cli: `${name}=$(docker inspect --format ${shellQuote('{{index .RepoDigests 0}}')} ${ref})`,
    run: async (ctx) => { ctx.vars.set(name, await ctx.repoDigest(expand(ctx, ref))) },
  }
}

export function registryTag(source: string, ref: string): DemoStep {
  return {
    cli: `docker tag ${source} ${ref}`,
    run: ctx => ctx.registryTag(source, expand(ctx, ref)),
  }
}

export function dockerPush(ref: string): DemoStep {
  return {
    cli: `docker push ${ref}`,
    run: ctx => ctx.push(expand(ctx, ref)),
  }
}

export function dockerPull(ref: string): DemoStep {
  return {
    cli: `docker pull ${ref}`,
    run: ctx => ctx.pull(expand(ctx, ref)),
  }
}

export function dockerRmi(ref: string): DemoStep {
  return {
    cli: `docker rmi ${ref}`,
    run: ctx => ctx.rmi(expand(ctx, ref)),
  }
}

export function imagesDigests(repo: string): DemoStep {
  return {
    cli: `docker images --digests --format ${shellQuote('table {{.Tag}}\t{{.Digest}}')} ${repo}`,
    run: ctx => ctx.imagesDigests(expand(ctx, repo)),
  }
}
