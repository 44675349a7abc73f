// The project runs on Node >= 24.11 (package.json's engines): scripts/lib.sh fetches the build in
// .nvmrc where the machine's own node is older. Each way the project starts code must land on one.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { spawnServer } from '../../scripts/server-process'

const ROOT = resolve(import.meta.dirname, '../..')
const minimum = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node.replace('>=', '')
function atLeast(version: string): boolean {
  const [a, b] = [
    version.replace(/^v/, ''),
    minimum,
  ].map(v => v.split('.').map(Number))
  const i = a!.findIndex((n, k) => n !== b![k])
  return i < 0 || a![i]! > b![i]!
}

it('vitest runs on a Node the project supports', () => {
  expect(minimum).toBe('24.11.0')
  expect(atLeast(process.version), process.version).toBe(true)
})

it('tsx scripts (demos:prepare, record, bench) run on it', async () => {
  const { stdout } = await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/tsx'), ['-e', 'process.stdout.write(process.version)'], { cwd: ROOT })
  expect(atLeast(stdout), stdout).toBe(true)
})

it('the standalone server runs on it and says so in its start banner and health answer', async () => {
  const server = await spawnServer()
  try {
    const health = await (await fetch(`${server.url}/api/health`)).json() as { node: string }
    expect(atLeast(health.node), health.node).toBe(true)
    expect(server.output()).toContain(`(Node ${health.node})`)
  }
  finally {
    await server.signal('SIGTERM')
  }
})
