// The standalone server (`npm run server`) serves the shell WebSocket through the same handler as
// the deck's dev server, with the same guard.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import WebSocket from 'ws'
import { freePort } from '../../scripts/server-process'

const ROOT = resolve(import.meta.dirname, '../..')
let child: ReturnType<typeof spawn>
let port: number

beforeAll(async () => {
  port = await freePort()
  child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), ['server/index.ts'], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  await new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer): void => {
      log += chunk.toString()
      if (log.includes(`127.0.0.1:${port}`)) resolveReady()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', code => reject(new Error(`server exited (${code}):\n${log}`)))
  })
})
afterAll(async () => {
  if (child?.exitCode === null) {
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  }
})

function upgrade(headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolveResult) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/terminals/shell`, { headers })
    ws.on('error', () => {})
    ws.once('open', () => { resolveResult('open'); ws.close() })
    ws.once('unexpected-response', (req, res) => { resolveResult(res.statusCode ?? 0); req.destroy() })
  })
}

it('upgrades the shell socket for the deck and refuses a foreign Origin or Host', async () => {
  expect(await upgrade({})).toBe('open')
  expect(await upgrade({ Origin: 'http://evil.example' })).toBe(403)
  expect(await upgrade({ Host: 'evil.example' })).toBe(403)
})
