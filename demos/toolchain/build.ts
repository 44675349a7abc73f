import type Docker from 'dockerode'
import type { ImageDef } from '../images'
// Builds the demo images from demos/images/ with no registry: the context is the folder plus any
// staged host files (a static busybox). An image whose context hash is unchanged is not rebuilt.
import { createHash } from 'node:crypto'
import { cp, lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { IMAGE_LABEL } from '../../shared/labels'
import { PROJECT_ROOT } from '../../shared/paths'
import { images } from '../images'
import { buildkitTracer } from './buildkit-progress'
import { compileC } from './compile-c'
import { debianRegistry, REGISTRY_PROGRAM } from './debian-registry'
import { stageHostToolchain, stageProgram } from './host-toolchain'
import { busyboxFromImage, compileInImage, fileSource } from './pulled'
import { findStaticBusybox } from './static-busybox'

export const IMAGES_DIR = resolve(PROJECT_ROOT, 'demos/images')
const HASH_LABEL = 'docker-talk.context-hash'

/** One line of build progress, as `docker build` prints it, with what it means for the steps. */
export type BuildProgress
  = | { kind: 'step', text: string, step: number, total: number, instruction: string }
    | { kind: 'cached', text: string, step: number }
  /** BuildKit only: the step ran, in `seconds`. */
    | { kind: 'finished', text: string, step: number, seconds: number }
    | { kind: 'output', text: string }
    | { kind: 'done', text: string, id: string, size: number }
    | { kind: 'skipped', text: string }

interface BuildEvent { id?: string, stream?: string, status?: string, error?: string, errorDetail?: { message?: string }, aux?: { ID?: string } | string }

/** BuildKit (the build API's version 2 with a session, as `docker build` uses), or the deprecated classic builder. */
export type Builder = 'buildkit' | 'legacy'

export interface BuildOptions {
  /** Rebuild every step, as `docker build --no-cache`. */
  noCache?: boolean
  labels?: Record<string, string>
  /** Aborts the build (the engine stops it when the connection closes). */
  signal?: AbortSignal
  /** Default: the classic builder, whose `docker history` the talk's images were made with. */
  builder?: Builder
}

async function stageContext(docker: Docker, def: ImageDef): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docker-talk-build-'))
  await cp(join(IMAGES_DIR, def.dir), dir, { recursive: true })
  // The host's files, or the same taken from pinned official images (pulled.ts).
  const from = def.stage
    ? await fileSource(docker)
    : 'host'
  for (const [name, source] of Object.entries(def.stage ?? {})) {
    if (source === 'static-busybox') {
      await (from === 'pull'
        ? busyboxFromImage(docker, join(dir, name))
        : cp(await findStaticBusybox(), join(dir, name)))
    }
    else if (source === 'host-toolchain') {
      await stageHostToolchain(join(dir, name))
    }
    else if (source === 'debian-registry') {
      await stageProgram(await debianRegistry(), REGISTRY_PROGRAM, join(dir, name))
    }
    else if (from === 'pull') {
      await compileInImage(docker, join(dir, source.compile), join(dir, name), source.static)
    }
    else {
      await compileC(join(dir, source.compile), join(dir, name), source.static)
    }
  }
  return dir
}

/** Over every path, file content and symlink target of the context, in a stable order. */
async function hashDir(dir: string): Promise<string> {
  const hash = createHash('sha256')
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const path = join(rel, name)
      const info = await lstat(join(dir, path))
      hash.update(path).update('\0')
      if (info.isDirectory())
        await walk(path)
      else if (info.isSymbolicLink())
        hash.update(`-> ${await readlink(join(dir, path))}`)
      else hash.update(await readFile(join(dir, path)))
      hash.update('\0')
    }
  }
  await walk('')
  return hash.digest('hex').slice(0, 16)
}

/** The image's id, or undefined when no image has that name. */
export async function imageId(docker: Docker, name: string): Promise<string | undefined> {
  return (await inspectImage(docker, name))?.Id
}

async function inspectImage(docker: Docker, name: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(name).inspect()
  }
  catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404)
      return undefined
    throw err
  }
}

async function currentHash(docker: Docker, name: string): Promise<string | undefined> {
  return (await inspectImage(docker, name))?.Config.Labels?.[HASH_LABEL]
}

/** Turns one line of the classic builder's output into what it says about the steps. */
export function classifyBuildLine(text: string, currentStep: number): BuildProgress {
  const step = text.match(/^Step (\d+)\/(\d+) : (.*)$/s)
  if (step) {
    return {
      kind: 'step',
      text,
      step: Number(step[1]),
      total: Number(step[2]),
      instruction: step[3]!.trim(),
    }
  }
  if (/^\s*---> Using cache\s*$/.test(text))
    return { kind: 'cached', text, step: currentStep }
  return { kind: 'output', text }
}

/**
 * Builds an image from its folder under demos/images/ and tags it, reporting each step as it
 * happens. Build errors arrive as `{error}` events inside a 200 stream, so every event is checked.
 */
export async function buildFromContext(docker: Docker, def: ImageDef, options: BuildOptions, onProgress: (p: BuildProgress) => void, context?: string): Promise<{ id: string, size: number }> {
  const dir = context ?? await stageContext(docker, def)
  try {
    options.signal?.throwIfAborted()
    const buildkit = options.builder === 'buildkit'
    const stream = await docker.buildImage(
      { context: dir, src: await readdir(dir) },
      {
        t: def.name,
        labels: { [IMAGE_LABEL]: def.name, ...options.labels },
        rm: true,
        forcerm: true,
        nocache: options.noCache ?? false,
        networkmode: 'none',
        ...buildkit
          ? { version: '2' }
          : {},
      },
    )
    const trace = buildkitTracer()
    const abort = (): void => {
      (stream as NodeJS.ReadableStream & { destroy: () => void }).destroy()
    }
    options.signal?.addEventListener('abort', abort, { once: true })
    let step = 0
    let builtId: string | undefined
    try {
      await new Promise<void>((resolvePromise, reject) => {
        docker.modem.followProgress(stream, (err: Error | null, events: BuildEvent[]) => {
          const failed = err?.message ?? events.find(e => e.error)?.error
          if (options.signal?.aborted)
            reject(new Error(`building ${def.name} was stopped`))
          else if (failed)
            reject(new Error(`building ${def.name} failed: ${failed.trim()}`))
          else resolvePromise()
        }, (event: BuildEvent) => {
          if (typeof event.aux === 'string') {
            if (event.id === 'moby.buildkit.trace') {
              for (const p of trace(event.aux)) onProgress(p)
            }
            return
          }
          if (event.aux?.ID)
            builtId = event.aux.ID
          for (const line of (event.stream ?? event.status ?? event.error ?? '').split('\n')) {
            const text = line.trimEnd()
            if (!text)
              continue
            const p = classifyBuildLine(text, step)
            if (p.kind === 'step')
              step = p.step
            onProgress(p)
          }
        })
      })
    }
    finally {
      options.signal?.removeEventListener('abort', abort)
    }
    const info = await docker.getImage(builtId ?? def.name).inspect()
    const result = { id: info.Id, size: info.Size }
    onProgress({ kind: 'done', text: `built ${def.name} ${info.Id.replace(/^sha256:/, '').slice(0, 12)}`, ...result })
    return result
  }
  finally {
    if (!context)
      await rm(dir, { recursive: true, force: true })
  }
}

/** Builds one image for `demos:prepare`, skipping it when its context is unchanged. */
export async function buildImage(docker: Docker, def: ImageDef, onProgress: (p: BuildProgress) => void): Promise<void> {
  const context = await stageContext(docker, def)
  try {
    const hash = await hashDir(context)
    if (await currentHash(docker, def.name) === hash) {
      onProgress({ kind: 'skipped', text: `${def.name} is up to date` })
      return
    }
    await buildFromContext(docker, def, {
      labels: { [HASH_LABEL]: hash },
    }, onProgress, context)
  }
  finally {
    await rm(context, { recursive: true, force: true })
  }
}

/**
 * A build on stage: the name moves to the new image and the image it replaces is removed (with
 * its intermediate layers), so repeated runs leave exactly one image of that name behind.
 */
export async function rebuildImage(docker: Docker, def: ImageDef, options: BuildOptions, onProgress: (p: BuildProgress) => void): Promise<{ id: string, size: number }> {
  const before = await imageId(docker, def.name)
  const built = await buildFromContext(docker, def, options, onProgress)
  if (before && before !== built.id) {
    await docker.getImage(before).remove().catch((err: unknown) => {
      // 404: already gone; 409: a container still uses it. Neither stops the demo.
      const status = (err as { statusCode?: number }).statusCode
      if (status !== 404 && status !== 409)
        throw err
    })
  }
  return built
}

/** Images of the catalog not yet on the engine. */
export async function missingImages(docker: Docker): Promise<string[]> {
  const missing: string[] = []
  for (const def of images) {
    if (await currentHash(docker, def.name) === undefined)
      missing.push(def.name)
  }
  return missing
}
