// `npm run demos:prepare`: builds every demo image locally. Idempotent: unchanged images are skipped.
// `--if-missing` only builds when an image is absent (what `npm run dev` calls on each start).
import { createDocker, engineHealth } from '../server/engine'
import { buildAll, missingImages } from '../server/images'

const docker = createDocker()
const engine = await engineHealth(docker)
if (!engine.reachable) {
  console.error(`${engine.error}. Demo images cannot be built; the deck will replay recordings.`)
  process.exit(1)
}
if (process.argv.includes('--if-missing') && (await missingImages(docker)).length === 0) process.exit(0)

try {
  await buildAll(docker, (image, p) => {
    if (p.kind === 'output') console.log(`  ${p.text}`)
    else console.log(`[${image}] ${p.text}`)
  })
}
catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}
