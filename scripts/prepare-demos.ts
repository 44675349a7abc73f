import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
// `npm run demos:prepare`: builds every demo image locally. Idempotent: unchanged images are skipped.
// `--if-missing` only builds when an image is absent (what `npm run dev` calls on each start).
// Prints one line per image (`image 3 of 8: talk/greeter built in 2 s`); every build step goes to
// .cache/setup.log. Ends with one line naming every demo that cannot run live, why, and the fix;
// exit 1 if any.
import process from 'node:process'
import { catalog } from '../demos/catalog'
import { images } from '../demos/images'
import { buildImage, missingImages } from '../demos/toolchain/build'
import { createDocker, engineHealth } from '../server/engine/client'
import { readinessLine, readyDemos } from '../server/engine/readiness'
import { PROJECT_ROOT } from '../shared/paths'

export const SETUP_LOG = resolve(PROJECT_ROOT, '.cache/setup.log')

const docker = createDocker()
const engine = await engineHealth(docker)
if (!engine.reachable) {
  console.log(readinessLine(catalog, [], {
    engineError: engine.error,
    imageErrors: new Map(),
  }))
  process.exit(1)
}

const imageErrors = new Map<string, string>()
if (!process.argv.includes('--if-missing') || (await missingImages(docker)).length > 0) {
  await mkdir(resolve(SETUP_LOG, '..'), { recursive: true })
  const log = createWriteStream(SETUP_LOG, { flags: 'a' })
  log.write(`\n--- demos:prepare ${new Date().toISOString()}\n`)
  console.log(`[docker-talk] Building the demo images (each step in ${relative(process.cwd(), SETUP_LOG)}):`)
  // One image that cannot be built here (no static busybox, no gcc) does not keep the others from being built.
  for (const [i, def] of images.entries()) {
    const started = Date.now()
    let outcome = 'built'
    try {
      await buildImage(docker, def, (p) => {
        if (p.kind === 'skipped')
          outcome = 'up to date'
        log.write(`[${def.name}] ${p.text}\n`)
      })
    }
    catch (err) {
      const message = (err as Error).message
      imageErrors.set(def.name, message.split('\n')[0]!)
      log.write(`[${def.name}] ${message}\n`)
      outcome = 'failed'
    }
    const took = outcome === 'built'
      ? ` in ${Math.round((Date.now() - started) / 1000)} s`
      : ''
    console.log(`  image ${i + 1} of ${images.length}: ${def.name} ${outcome}${took}${outcome === 'failed'
      ? `: ${imageErrors.get(def.name)}`
      : ''}`)
  }
  await new Promise(done => log.end(done))
}
const ready = await readyDemos(docker, catalog)
console.log(readinessLine(catalog, ready, { imageErrors }))
process.exit(ready.length === catalog.length
  ? 0
  : 1)
