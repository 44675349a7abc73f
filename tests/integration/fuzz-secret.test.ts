import type { ServerProcess } from '../../scripts/server-process'
import { Buffer } from 'node:buffer'
// A property-based fuzz of the presenter secret, where it is checked on every request: a hosted
// server (TALK_HOSTED=1, every client needs the secret), the secret header in raw bytes (UTF-8 a
// browser could not even send) and every shell WebSocket message type. Never a 5xx, never a
// crash, and /api/health answers after each case. Seeded, so a failure replays exactly.
import { connect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import WebSocket from 'ws'
import { shellSessionsById } from '../../demos/catalog'
import { spawnServer } from '../../scripts/server-process'
import { expectNothingLeft } from '../support/engine'

const SECRET = 'fuzz-presenter-secret-ü-0123'
const SHELL = [
  ...shellSessionsById.keys(),
][0]!
let server: ServerProcess
let port: number
beforeAll(async () => {
  server = await spawnServer({ TALK_HOSTED: '1', TALK_PRESENTER_SECRET: SECRET })
  port = Number(new URL(server.url).port)
})
afterAll(async () => {
  if (server.child.exitCode === null)
    await server.signal('SIGTERM')
})

/** One raw HTTP/1.1 request, header bytes as given; resolves with the status line's code. */
function raw(method: string, path: string, headerLines: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1')
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)
      if (status && answer.includes('\r\n\r\n')) {
        socket.destroy()
        resolve(Number(status[1]))
      }
    })
    socket.on('error', reject)
    socket.on('close', () => reject(new Error(`closed without an answer: ${method} ${path}`)))
    socket.write(Buffer.concat([
      Buffer.from(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`),
      ...headerLines.map(l => Buffer.concat([
        l,
        Buffer.from('\r\n'),
      ])),
      Buffer.from('\r\n'),
    ]))
  })
}

async function healthy(): Promise<void> {
  expect(server.child.exitCode, 'server process exited').toBeNull()
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
}

// Secrets: the right one, near misses, the secret's length in non-ASCII (the old crash), anything.
const secret = fc.oneof(
  fc.constantFrom(SECRET, SECRET.slice(1), `${SECRET} `, 'é'.repeat(SECRET.length), '\u{1F600}'.repeat(16), '', ' ', 'x'.repeat(5000)),
  fc.string({ unit: 'grapheme', minLength: 14, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
)
// Hosted, the proxy names the client in X-Forwarded-For: many clients, so lockouts do not end the fuzz.
const forwarded = fc.oneof(fc.constant(undefined), fc.ipV4(), fc.ipV6(), fc.string({ unit: 'binary-ascii', maxLength: 30 }))
const header = (name: string, value: string): Buffer => Buffer.from(`${name}: ${value.replace(/[\r\n\0]/g, '')}`, 'utf8')

it('the secret header in any bytes: 2xx, 403 or 429, never 5xx, and the server stays up', async () => {
  const seen = new Set<number>()
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('POST /api/demos/hello/stop', 'POST /api/demos/no-such/stop', 'GET /api/health', 'POST /api/engine/containers/abc/stop', 'GET /api/engine/events'),
    secret,
    forwarded,
    async (route, given, xff) => {
      const [method, path] = route.split(' ') as [string, string]
      const status = await raw(method, path, [
        header('x-presenter-secret', given),
        ...(xff === undefined
          ? []
          : [
              header('x-forwarded-for', xff),
            ]),
      ])
      seen.add(status)
      expect(status, `${route} secret=${JSON.stringify(given)}`).toBeLessThan(500)
      await healthy()
    },
  ), { seed: 1313, numRuns: 100 })
  expect([...seen]).toEqual(expect.arrayContaining([200, 403]))
  expect(server.output()).not.toContain('unexpected error')
})

// Every message type the shell socket knows, with wrong fields, and what it does not know.
const message = fc.oneof(
  fc.record({
    type: fc.constant('hello'),
    view: fc.constantFrom('presenter', 'deck', 'other', undefined, 1),
    secret: fc.oneof(secret, fc.anything()),
  }).map(m => JSON.stringify(m)),
  fc.record({
    type: fc.constant('input'),
    data: fc.oneof(fc.string({ maxLength: 20 }), fc.anything()),
  }).map(m => JSON.stringify(m)),
  fc.record({
    type: fc.constant('resize'),
    cols: fc.oneof(fc.integer(), fc.double(), fc.anything()),
    rows: fc.oneof(fc.integer(), fc.anything()),
  }).map(m => JSON.stringify(m)),
  fc.constantFrom('start', 'end', 'unknown', '__proto__', 'constructor').map(type => JSON.stringify({ type })),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('', 'null', '[]', '"hello"', '{"type":', '{"__proto__":{"type":"start"}}', 'x'.repeat(70_000)),
  fc.uint8Array({ maxLength: 64 }),
)

/** Opens the shell socket, sends the messages, then a hello whose answer proves all were handled. */
async function shellCase(messages: (string | Uint8Array)[], xff: string | undefined): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/terminals/${SHELL}`, {
    headers: xff === undefined
      ? {}
      : {
          'x-forwarded-for': xff.replace(/[^\x20-\x7E]/g, ''),
        },
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      for (const m of messages) ws.send(m, { binary: typeof m !== 'string' })
      ws.send(JSON.stringify({ type: 'hello', view: 'deck' }))
    })
    // A role answer to the last hello, or the server closing an oversized message's socket.
    ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'role')
        resolve()
    })
    ws.once('close', () => resolve())
    ws.once('error', reject)
  })
  ws.terminate()
}

it('every shell message type, malformed or not: never a crash, health answers after each', async () => {
  await fc.assert(fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 6 }), forwarded, async (messages, xff) => {
    await shellCase(messages, xff)
    await healthy()
  }), { seed: 1314, numRuns: 80 })
  expect(server.output()).not.toContain('unexpected error')
  expect(await server.signal('SIGTERM')).toBe(0)
  await expectNothingLeft()
})
