// scripts/lib.sh's choice of Node: the machine's own when it is at least engines' minimum (25 and
// 26 too), the pinned build from .cache/node/ only when it is older. A stand-in `node` reports
// each version; the pinned build is already in .cache/node/ wherever the suite runs, so nothing is fetched.
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const dirs: string[] = []
afterAll(() => Promise.all(dirs.map(d => rm(d, { recursive: true, force: true }))))

/** What use_pinned_node puts first on PATH with a machine whose node is `version` ('' when none). */
async function chosenWith(version: string): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), 'talk-node-'))
  dirs.push(bin)
  await writeFile(join(bin, 'node'), `#!/bin/sh\necho ${version}\n`)
  await chmod(join(bin, 'node'), 0o755)
  const { stdout } = await promisify(execFile)('bash', ['-c', 'source scripts/lib.sh && use_pinned_node && printf %s "$NODE_PINNED_BIN"'], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` },
  })
  return stdout
}

it.each([
  '24.11.0',
  '24.22.3',
  '25.2.1',
  '26.0.0',
])('a machine\'s own Node %s is used as it is', async (version) => {
  expect(await chosenWith(version)).toBe('')
})

it.each(['20.19.2', '22.12.0', '24.10.0'])('a machine\'s own Node %s is replaced by the pinned build', async (version) => {
  expect(await chosenWith(version)).toMatch(/\/\.cache\/node\/v24\.\d+\.\d+-[a-z]+-[a-z0-9]+\/bin$/)
})
