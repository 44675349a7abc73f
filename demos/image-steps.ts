import type { DemoStep, ImageField } from './types'
// Steps on images: build, history, inspect and the demo tags.
import { shellQuote } from './cli-line'
import { demoTags, imageDef } from './images'

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
