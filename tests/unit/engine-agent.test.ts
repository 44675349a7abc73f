// An engine that dies mid-answer: a call whose answer had begun (a pending /wait's headers) fails
// with the connection's reset, as one cut before the answer does, instead of never settling.
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { afterAll, expect, it } from 'vitest'
import { createDocker, describeEngineError } from '../../server/engine/client'

const dir = mkdtempSync(join(tmpdir(), 'talk-agent-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** An engine stand-in that answers /wait's headers at once, then dies before the body. */
async function dyingEngine(): Promise<string> {
  const socket = join(dir, `engine-${Math.random().toString(36).slice(2)}.sock`)
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.flushHeaders()
    setImmediate(() => {
      req.socket.destroy()
      server.close()
    })
  })
  server.listen(socket)
  await once(server, 'listening')
  return `unix://${socket}`
}

it('a call cut mid-answer fails with ECONNRESET, which reads as the engine gone', async () => {
  const before = process.env.DOCKER_HOST
  process.env.DOCKER_HOST = await dyingEngine()
  try {
    const docker = createDocker()
    const err = await docker.getContainer('ticker').wait().then(() => undefined, (e: unknown) => e)
    expect(err).toMatchObject({ code: 'ECONNRESET' })
    expect(describeEngineError(err)).toBe(`Docker engine not reachable at ${process.env.DOCKER_HOST} (ECONNRESET)`)
  }
  finally {
    if (before === undefined)
      delete process.env.DOCKER_HOST
    else
      process.env.DOCKER_HOST = before
  }
})
