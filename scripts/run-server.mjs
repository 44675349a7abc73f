import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
// `npm run server` / `npm start`: bundles server/ with esbuild and runs the bundle in this process.
// Plain Node runs it, so no TypeScript loader stays resident (tsx's off-thread module hooks alone
// cost ~30 MB of the server's memory); bundling takes a fraction of a second, so it is never stale.
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { build, stop } from 'esbuild'

const ROOT = resolve(import.meta.dirname, '..')
// One folder below the project root, like server/ itself: the modules find the project's files
// relative to their own location (import.meta.dirname), and that must hold for the bundle too.
const OUT = resolve(ROOT, '.cache/server.mjs')

const { outputFiles } = await build({
  entryPoints: [
    resolve(ROOT, 'server/index.ts'),
  ],
  outfile: OUT,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  logLevel: 'warning',
  write: false,
})
await stop()
// Written beside and renamed into place, so servers started at once (tests) never read half a file.
mkdirSync(resolve(ROOT, '.cache'), { recursive: true })
for (const file of outputFiles) {
  writeFileSync(`${file.path}.${process.pid}`, file.contents)
  renameSync(`${file.path}.${process.pid}`, file.path)
}
await import(pathToFileURL(OUT).href)
