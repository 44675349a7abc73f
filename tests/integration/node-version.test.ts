// The project runs on Node 24 LTS (.node-version): scripts/lib.sh fetches that build where the
// machine's own node is another major. Each way the project starts code must land on it.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { spawnServer } from '../../scripts/server-process'

const ROOT = resolve(import.meta.dirname, '../..')
const major = readFileSync(resolve(ROOT, '.node-version'), 'utf8').trim().split('.')[0]!
const onPinnedMajor = new RegExp(`^v${major}\\.\\d+\\.\\d+$`)

it('vitest runs on the pinned Node major', () => {
  expect(major).toBe('24')
  expect(process.version).toMatch(onPinnedMajor)
})

it('tsx scripts (demos:prepare, record, bench) run on it', async () => {
  const { stdout } = await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/tsx'), ['-e', 'process.stdout.write(process.version)'], { cwd: ROOT })
  expect(stdout).toMatch(onPinnedMajor)
})

it('the standalone server runs on it and says so in its start banner and health answer', async () => {
  const server = await spawnServer()
  try {
    const health = await (await fetch(`${server.url}/api/health`)).json() as { node: string }
    expect(health.node).toMatch(onPinnedMajor)
    expect(server.output()).toContain(`(Node ${health.node})`)
  }
  finally {
    await server.signal('SIGTERM')
  }
})
