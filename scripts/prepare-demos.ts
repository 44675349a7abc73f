// `npm run demos:prepare`: builds every demo image locally. Idempotent: unchanged images are skipped.
// `--if-missing` only builds when an image is absent (what `npm run dev` calls on each start).
// Ends with one line naming every demo that cannot run live, why, and the fix; exit 1 if any.
import { catalog } from '../demos/catalog'
import { images } from '../demos/images'
import { createDocker, engineHealth } from '../server/engine/client'
import { buildImage, missingImages } from '../demos/toolchain/build'
import { readinessLine, readyDemos } from '../server/engine/readiness'

const docker = createDocker()
const engine = await engineHealth(docker)
if (!engine.reachable) {
  console.log(readinessLine(catalog, [], { engineError: engine.error, imageErrors: new Map() }))
  process.exit(1)
}

const imageErrors = new Map<string, string>()
if (!process.argv.includes('--if-missing') || (await missingImages(docker)).length > 0) {
  // One image that cannot be built here (no static busybox, no gcc) does not keep the others from being built.
  for (const def of images) {
    try {
      await buildImage(docker, def, (p) => {
        if (p.kind === 'output') console.log(`  ${p.text}`)
        else console.log(`[${def.name}] ${p.text}`)
      })
    }
    catch (err) {
      imageErrors.set(def.name, (err as Error).message.split('\n')[0]!)
    }
  }
}
const ready = await readyDemos(docker, catalog)
console.log(readinessLine(catalog, ready, { imageErrors }))
process.exit(ready.length === catalog.length ? 0 : 1)
