import type { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
// The audience's copy of the deck: `slidev build` into a folder of its own, with no speaker notes
// (setup/preparser.ts) and marked as the audience's (VITE_TALK_AUDIENCE: its windows follow the
// presenter). Built at start, or reused while no file it is built from has changed since.
import process from 'node:process'
import { PROJECT_ROOT } from '../../shared/paths'
import { info } from '../log'

export const AUDIENCE_DECK_DIR = resolve(PROJECT_ROOT, '.cache/audience-deck')
const STAMP = '.built-from'

/** What the deck is built from: the slides, their components and code, and the locked dependencies. */
const INPUTS = [
  'slides.md',
  'pages',
  'components',
  'composables',
  'deck',
  'demos',
  'layouts',
  'setup',
  'shared',
  'styles',
  'public',
  'types',
  'custom-nav-controls.vue',
  'slide-top.vue',
  'global-top.vue',
  'global-bottom.vue',
  'vite.config.ts',
  'package-lock.json',
]

/** The newest change among the inputs and how many files they are: a changed, added or removed file changes it. */
export function inputsFingerprint(root = PROJECT_ROOT): string {
  let newest = 0
  let files = 0
  const visit = (path: string): void => {
    const s = statSync(path, { throwIfNoEntry: false })
    if (!s)
      return
    if (s.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name !== 'node_modules' && !name.startsWith('.'))
          visit(join(path, name))
      }
      return
    }
    files++
    newest = Math.max(newest, s.mtimeMs)
  }
  for (const input of INPUTS) visit(resolve(root, input))
  return `${files} files, newest ${new Date(newest).toISOString()}`
}

/** Whether the deck in `dir` was built from inputs with this fingerprint. */
function isBuiltFrom(dir: string, fingerprint: string): boolean {
  const stamp = resolve(dir, STAMP)
  return existsSync(resolve(dir, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint
}

/**
 * Runs `build` unless the deck in `dir` is up to date, then records what it was built from; resolves
 * with `dir`. The audience's deck here, and dist/ for the test suite (scripts/built-decks.ts).
 */
export async function ensureBuilt(dir: string, what: string, build: () => Promise<void>, log: (line: string) => void = info): Promise<string> {
  const fingerprint = inputsFingerprint()
  if (isBuiltFrom(dir, fingerprint))
    return dir
  log(`[docker-talk] building ${what} ...`)
  const started = Date.now()
  await build()
  writeFileSync(resolve(dir, STAMP), fingerprint)
  log(`[docker-talk] ${what} is built (${((Date.now() - started) / 1000).toFixed(0)} s)`)
  return dir
}

/** Runs a command in the project; rejects with the end of its output when it fails. */
export async function runBuild(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const code = await new Promise<number | null>((done, fail) => child.on('error', fail).on('close', done))
  if (code !== 0)
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${code}):\n${output}`)
}

/** Builds the audience's deck unless the one there is up to date; resolves with its folder. */
export function ensureAudienceDeck(dir = AUDIENCE_DECK_DIR, log: (line: string) => void = info): Promise<string> {
  return ensureBuilt(dir, 'the audience\'s deck (no speaker notes)', () => runBuild(resolve(PROJECT_ROOT, 'node_modules/.bin/slidev'), ['build', '--out', dir], {
    TALK_AUDIENCE_BUILD: '1',
    VITE_TALK_AUDIENCE: '1',
    NODE_ENV: 'production',
  }), log)
}
