// Builds the demo images from demos/images/ with no registry: the context is the folder plus any
// staged host files (a static busybox). An image whose context hash is unchanged is not rebuilt.
import { createHash } from 'node:crypto'
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type Docker from 'dockerode'
import type { ImageDef } from '../demos/images'
import { images } from '../demos/images'
import { findStaticBusybox } from './static-busybox'

export const IMAGES_DIR = resolve(import.meta.dirname, '../demos/images')
const HASH_LABEL = 'docker-talk.context-hash'
const IMAGE_LABEL = 'docker-talk.image'

/** One line of build progress, as `docker build` would print it. */
export type BuildProgress = { kind: 'step' | 'output' | 'cached' | 'done' | 'skipped', text: string }

interface BuildEvent { stream?: string, status?: string, error?: string, errorDetail?: { message?: string }, aux?: { ID?: string } }

async function stageContext(def: ImageDef): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docker-talk-build-'))
  await cp(join(IMAGES_DIR, def.dir), dir, { recursive: true })
  for (const [name, source] of Object.entries(def.stage ?? {})) {
    if (source === 'static-busybox') await cp(await findStaticBusybox(), join(dir, name))
  }
  return dir
}

async function hashDir(dir: string): Promise<string> {
  const hash = createHash('sha256')
  for (const name of (await readdir(dir)).sort()) {
    hash.update(name).update('\0').update(await readFile(join(dir, name))).update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

async function currentHash(docker: Docker, name: string): Promise<string | undefined> {
  try {
    const info = await docker.getImage(name).inspect()
    return info.Config.Labels?.[HASH_LABEL]
  }
  catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined
    throw err
  }
}

/** Builds one image, reporting each step as it happens; build errors arrive inside a 200 stream. */
export async function buildImage(docker: Docker, def: ImageDef, onProgress: (p: BuildProgress) => void): Promise<void> {
  const context = await stageContext(def)
  try {
    const hash = await hashDir(context)
    if (await currentHash(docker, def.name) === hash) {
      onProgress({ kind: 'skipped', text: `${def.name} is up to date` })
      return
    }
    const stream = await docker.buildImage(
      { context, src: await readdir(context) },
      { t: def.name, labels: { [IMAGE_LABEL]: def.name, [HASH_LABEL]: hash }, rm: true, forcerm: true },
    )
    await new Promise<void>((resolvePromise, reject) => {
      docker.modem.followProgress(stream, (err: Error | null, events: BuildEvent[]) => {
        const failed = err?.message ?? events.find(e => e.error)?.error
        if (failed) reject(new Error(`building ${def.name} failed: ${failed.trim()}`))
        else resolvePromise()
      }, (event: BuildEvent) => {
        const text = (event.stream ?? event.status ?? '').trimEnd()
        if (!text) return
        const kind = /^Step \d+\/\d+/.test(text) ? 'step' : text.includes('Using cache') ? 'cached' : 'output'
        onProgress({ kind, text })
      })
    })
    onProgress({ kind: 'done', text: `built ${def.name}` })
  }
  finally {
    await rm(context, { recursive: true, force: true })
  }
}

export async function buildAll(docker: Docker, onProgress: (image: string, p: BuildProgress) => void): Promise<void> {
  for (const def of images) await buildImage(docker, def, p => onProgress(def.name, p))
}

/** Images of the catalog not yet on the engine. */
export async function missingImages(docker: Docker): Promise<string[]> {
  const missing: string[] = []
  for (const def of images) if (await currentHash(docker, def.name) === undefined) missing.push(def.name)
  return missing
}
