// `slidev build` makes a complete static deck.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

it('slidev build succeeds and writes the deck', async () => {
  const out = await mkdtemp(join(tmpdir(), 'talk-build-'))
  try {
    await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/slidev'), ['build', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    })
    expect(existsSync(join(out, 'index.html'))).toBe(true)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Docker from the ground up')
  }
  finally {
    await rm(out, { recursive: true, force: true })
  }
})
