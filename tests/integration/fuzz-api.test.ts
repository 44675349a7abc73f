import type Docker from 'dockerode'
import type { ServerProcess } from '../../scripts/server-process'
// A property-based fuzz of the HTTP API, against the standalone server process: whatever ids,
// methods, paths, headers and bodies a client sends, the answer is 2xx for a valid request or a
// 4xx JSON {error} for a bad one, never a 5xx, a foreign page never gets a 2xx, and the process
// stays up throughout. Seeded, so a failure replays exactly.
import { request } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog, shellSessionsById } from '../../demos/catalog'
import { BUSYBOX } from '../../demos/images'
import { spawnServer } from '../../scripts/server-process'
import { labelsFor } from '../../shared/labels'
import { docker, expectNothingLeft } from '../support/engine'
import { post } from '../support/server'

let server: ServerProcess
let port: number
beforeAll(async () => {
  server = await spawnServer()
  port = Number(new URL(server.url).port)
})
afterAll(async () => {
  if (server.child.exitCode === null)
    await server.signal('SIGTERM')
})

interface Case {
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Uint8Array
}

interface Answer { status: number, contentType: string, body: string }

/**
 * One request on its own connection. An event stream is answered with its headers; the client
 * hangs up there, as a closed tab would.
 */
function send(c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: c.method,
      path: c.path,
      headers: c.headers,
      agent: false,
      setHost: false,
      timeout: 10_000,
    }, (res) => {
      const contentType = String(res.headers['content-type'] ?? '')
      if (contentType.startsWith('text/event-stream')) {
        res.destroy()
        resolve({ status: res.statusCode!, contentType, body: '' })
        return
      }
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode!, contentType, body }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within 10 s: ${c.method} ${c.path}`)))
    req.on('error', reject)
    req.end(c.body)
  })
}

// Every demo and shell by id; `run` is only ever sent for `hello` (see path below), so the fuzz
// starts few containers and no build changes an image on the shared engine.
const REAL_IDS = [
  ...catalog.map(d => d.id),
  ...shellSessionsById.keys(),
]
function printable(maxLength: number) {
  return fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7E }).map(n => String.fromCharCode(n)),
    maxLength,
  })
}

const id = fc.oneof(
  fc.constantFrom(...REAL_IDS),
  // Raw on the wire: traversal, broken percent-encoding, prototype names.
  fc.constantFrom('..', '.', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%00', '%', '%E0%A4%A', '%ZZ', 'hello%20', 'HELLO', '__proto__', 'constructor', 'hello.json', '0'),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }).map(encodeURIComponent),
  // Long, but under Node's 16 KB header limit (beyond it Node answers 431 before our code runs).
  fc.integer({ min: 200, max: 6000 }).map(n => 'a'.repeat(n)),
)

const path = fc.oneof(
  fc.tuple(fc.constantFrom('stop', 'prewarm', 'replay', 'events', 'run', 'advance', ''), id).map(([action, demo]) =>
    // Only hello is ever run: a click on any other id here is made a stop.
    action === 'run'
      ? `/api/demos/${REAL_IDS.includes(demo) && demo !== 'hello'
        ? `${demo}/stop`
        : `${demo}/run`}`
      : `/api/demos/${demo}${action
        ? `/${action}`
        : ''}`),
  fc.tuple(fc.constantFrom('stop', 'remove', 'inspect'), id).map(([action, container]) => `/api/engine/containers/${container}/${action}`),
  id.map(x => `/api/terminals/${x}`),
  id.map(x => `/api/${x}`),
  fc.tuple(id, id).map(([a, b]) => `/api/demos/${a}/${b}/${a}`),
  fc.constantFrom('/api/health', '/api/demos', '/api/engine/events', '/api/', '/api', '/api//demos', '/api/demos/', '/api/demos?x=%ZZ'),
)

const sameHost = (): string => `127.0.0.1:${port}`
const headers = fc.record({
  'host': fc.oneof(fc.constant('same'), fc.constantFrom('localhost', '[::1]:1', 'evil.example', 'rebind.evil.example:80', '', '127.0.0.1:abc'), printable(40)),
  'origin': fc.oneof(fc.constant(undefined), fc.constant('same'), fc.constantFrom('http://evil.example', 'null', 'file://', 'http://127.0.0.1.evil.example'), printable(40)),
  'content-type': fc.oneof(fc.constant(undefined), fc.constantFrom('application/json', 'application/json; charset=utf-16', 'application/json; charset=bogus', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'), printable(40)),
  'content-encoding': fc.oneof(fc.constant(undefined), fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus')),
  'sec-fetch-site': fc.oneof(fc.constant(undefined), fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none'), printable(20)),
  'last-event-id': fc.oneof(fc.constant(undefined), fc.constantFrom('0', '-1', '99999999999999999999', 'abc')),
}, {
  requiredKeys: ['host'],
})

const body = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', '{}', '[]', 'null', '{"oops"', '{"__proto__":{"x":1}}', `{"pad":"${'x'.repeat(4000)}"}`),
  fc.json().map(j => j.slice(0, 2000)),
  printable(200),
  fc.uint8Array({ maxLength: 200 }),
)

const cases = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path,
  headers,
  body,
})

/** A request a browser makes only from a foreign page: it must never succeed. */
function foreign(h: Case['headers']): boolean {
  const host = h.host!.toLowerCase()
  const localHost = ['127.0.0.1', 'localhost', '[::1]'].includes(host.replace(/:\d+$/, ''))
  const sameOrigin = h.origin === undefined || h.origin.toLowerCase() === `http://${host}`
  return !localHost || !sameOrigin || h['sec-fetch-site'] === 'cross-site'
}

describe('container ids the engine resolves loosely', () => {
  it('a prefix of several container ids is a 404, not the engine\'s 500; a unique prefix acts on nothing', async () => {
    // Containers of our own until two ids share a first hex digit (at most 17, by pigeonhole).
    const made: Docker.Container[] = []
    const byFirst = new Map<string, string[]>()
    let shared: string | undefined
    try {
      while (!shared) {
        const c = await docker.createContainer({
          Image: BUSYBOX,
          Cmd: ['true'],
          Labels: labelsFor('hello', 'fuzz-prefix'),
        })
        made.push(c)
        const ids = [
          ...byFirst.get(c.id[0]!) ?? [],
          c.id,
        ]
        byFirst.set(c.id[0]!, ids)
        if (ids.length > 1)
          shared = c.id[0]
      }
      const ambiguous = await post(`${server.url}/api/engine/containers/${shared}/stop`)
      expect(ambiguous.status).toBe(404)
      expect(await ambiguous.json()).toEqual({ error: `no such container: ${shared}` })
      const prefix = made[0]!.id.slice(0, 20) // unique: only the full id or the name counts
      const unique = await post(`${server.url}/api/engine/containers/${prefix}/remove`)
      expect(unique.status).toBe(404)
      expect((await made[0]!.inspect()).Id).toBe(made[0]!.id)
    }
    finally {
      await Promise.all(made.map(c => c.remove({ force: true })))
    }
  })
})

describe('the HTTP API under fuzzing', () => {
  it('answers every request with 2xx or 4xx JSON {error}, never 5xx, and stays up', async () => {
    let sent = 0
    await fc.assert(fc.asyncProperty(cases, async (c) => {
      const h = Object.fromEntries(Object.entries(c.headers)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [
          k,
          v === 'same'
            ? (k === 'origin'
                ? `http://${sameHost()}`
                : sameHost())
            : v,
        ])) as Record<string, string>
      const answer = await send({
        method: c.method,
        path: c.path,
        headers: h,
        body: c.method === 'HEAD'
          ? undefined
          : c.body,
      })
      sent++
      expect(server.child.exitCode, 'server process exited').toBeNull()
      expect(answer.status, `${c.method} ${c.path}: ${answer.body}`).toBeLessThan(500)
      expect(answer.status < 300 || answer.status >= 400, `${c.method} ${c.path}: ${answer.status}`).toBe(true)
      if (answer.status >= 400) {
        expect(answer.contentType).toMatch(/^application\/json/)
        if (c.method !== 'HEAD') {
          expect(JSON.parse(answer.body)).toEqual({
            error: expect.any(String),
          })
        }
      }
      if (foreign(h))
        expect(answer.status, `foreign request got ${answer.status}: ${c.method} ${c.path} ${JSON.stringify(h)}`).toBeGreaterThanOrEqual(400)
    }), { seed: 20261125, numRuns: 400 })
    expect(sent).toBeGreaterThanOrEqual(400)

    // Still up and answering (whether the busy shared engine answers within the health check's
    // 2 s is not this test's business).
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
    expect(server.output()).not.toContain('unexpected error')
    // Whatever the fuzz started or prewarmed goes at shutdown.
    expect(await server.signal('SIGTERM')).toBe(0)
    await expectNothingLeft()
  })
})
