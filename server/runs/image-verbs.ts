import type { BuildStepEvent } from '../../shared/protocol'
import type { Scope } from './step-scope'
// The image verbs of a run's steps: build, tag and untag, on the images demos/images.ts declares.
import { demoTags, imageDef } from '../../demos/images'
import { rebuildImage } from '../../demos/toolchain/build'
import { factsFromInfo } from '../engine/facts'

/** Streams each build event as structured progress and its text as stdout, as `docker build` prints it. */
export async function buildImage(s: Scope, image: string, noCache: boolean): Promise<void> {
  const def = imageDef(image)
  if (!def)
    throw new Error(`demo bug: image "${image}" is not declared in demos/images.ts`)
  // The build's own containers do the work: the run is running from here.
  s.markRunning()
  // As `docker build` picks it: BuildKit wherever the engine has it.
  const { builder } = factsFromInfo(await s.docker.info(), '')
  s.sink.emit('build', { phase: 'builder', image, builder })
  if (builder === 'legacy')
    s.print('DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n')
  await rebuildImage(s.docker, def, { noCache, signal: s.signal, builder }, (p) => {
    // Each structured kind of progress is the phase of the same name, with the same fields.
    if (p.kind !== 'output' && p.kind !== 'skipped') {
      const { kind: phase, text: _text, ...fields } = p
      s.sink.emit('build', { phase, image, ...fields } as BuildStepEvent)
    }
    s.print(`${p.text}\n`)
  })
}

export async function tagImage(s: Scope, source: string, target: string): Promise<void> {
  if (!demoTags.includes(target))
    throw new Error(`demo bug: tag "${target}" is not declared in demos/images.ts`)
  const at = target.lastIndexOf(':')
  await s.docker.getImage(source).tag({
    repo: target.slice(0, at),
    tag: target.slice(at + 1),
  })
  s.objects.tags.add(target)
}

export async function untagImage(s: Scope, target: string): Promise<void> {
  if (!s.objects.tags.has(target))
    throw new Error(`demo bug: tag "${target}" was not made in this run`)
  const removed = await s.docker.getImage(target).remove() as { Untagged?: string, Deleted?: string }[]
  s.objects.tags.delete(target)
  s.print(removed.map(r => r.Untagged
    ? `Untagged: ${r.Untagged}\n`
    : `Deleted: ${r.Deleted}\n`).join(''))
}
