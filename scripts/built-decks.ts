// The built decks the browser tests open: the audience's (server/audience/deck-build.ts) and dist/,
// as `npm run build` writes it (tests/e2e/hosted.test.ts). Each is built unless it is up to date.
// npm test runs this file while the talk's tests wait on Docker 28, before the browser tests.
import { resolve } from 'node:path'
import { ensureAudienceDeck, ensureBuilt, runBuild } from '../server/audience/deck-build'
import { PROJECT_ROOT } from '../shared/paths'

export const DIST_DIR = resolve(PROJECT_ROOT, 'dist')

/** dist/ as `npm run build` writes it, built unless it is up to date. */
export function ensureDist(): Promise<string> {
  return ensureBuilt(DIST_DIR, 'dist/ (npm run build)', () => runBuild('npm', ['run', 'build']))
}

if (import.meta.main) {
  await Promise.all([
    ensureAudienceDeck(),
    ensureDist(),
  ])
}
