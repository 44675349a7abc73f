// The deck's own build and its PDF export, timed as a speaker runs them.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { runBuild } from '../server/audience/deck-build'

const ROOT = resolve(import.meta.dirname, '..')

export interface Timed { ms: number, note: string }

/** poppler's pdfinfo (installed by npm test), or nothing where it is missing. */
function pdfInfo(pdf: string): Promise<string> {
  return new Promise((resolveInfo) => {
    execFile('pdfinfo', [pdf], (err, stdout) => resolveInfo(err ? '' : stdout))
  })
}

/** Runs a command in the project (deck-build's runBuild: a failure says what it printed); resolves with how long it took. */
async function timeCommand(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now()
  await runBuild(cmd, args, { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' })
  return performance.now() - t0
}

/** `slidev build` into a scratch folder, so an existing dist/ is left alone. */
export async function timeBuild(): Promise<Timed> {
  const out = await mkdtemp(join(tmpdir(), 'talk-bench-build-'))
  try {
    const ms = await timeCommand(resolve(ROOT, 'node_modules/.bin/slidev'), ['build', '--out', out])
    return { ms, note: 'slidev build' }
  }
  finally { await rm(out, { recursive: true, force: true }) }
}

/** `npm run export` (scripts/export.sh: chromium prints every slide) into a scratch PDF. */
export async function timeExport(): Promise<Timed> {
  const dir = await mkdtemp(join(tmpdir(), 'talk-bench-export-'))
  try {
    const pdf = join(dir, 'deck.pdf')
    const ms = await timeCommand('bash', ['scripts/export.sh', pdf])
    const { size } = await stat(pdf)
    const pages = /^Pages:\s+(\d+)/m.exec(await pdfInfo(pdf))?.[1] ?? '?'
    return { ms, note: `npm run export, ${pages} pages, ${(size / 1024).toFixed(0)} KB PDF` }
  }
  finally { await rm(dir, { recursive: true, force: true }) }
}
