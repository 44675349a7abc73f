import type { ServerProcess } from '../../scripts/server-process'
// A property-based fuzz of the audience listener (server/audience/listener.ts), in a server process
// of its own: whatever paths, methods and headers a client sends, and whatever it says on a shell's
// WebSocket, nothing answers 5xx, nothing outside the deck's folder is read, nothing is written to
// the deck, nothing runs, and after each case the process is alive and the deck still answers.
// The deck is a small stand-in build (the serving is what is under test; e2e/audience.test.ts has
// the real one). Seeded, so a failure replays exactly.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import WebSocket from 'ws'
import { shellSessionsById } from '../../demos/catalog'
import { spawnServer } from '../../scripts/server-process'

const deckDir = mkdtempSync(join(tmpdir(), 'audience-deck-'))
const INDEX = '<!doctype html><title>Docker from the ground up</title>'
mkdirSync(join(deckDir, 'assets'))
writeFileSync(join(deckDir, 'index.html'), INDEX)
writeFileSync(join(deckDir, 'assets/index-abc.js'), 'console.log(1)')
writeFileSync(join(deckDir, '.built-from'), 'stamp')
const deckFiles = (): string[] => readdirSync(deckDir, { recursive: true }).map(String).sort()
const before = deckFiles()

// The audience comes from another machine: this one's address beyond loopback stands in for it.
const lanAddress = Object.values(networkInterfaces()).flat().find(i => i && i.family === 'IPv4' && !i.internal)?.address
let server: ServerProcess
let audience: string
beforeAll(async () => {
  if (!lanAddress)
    return
  server = await spawnServer({
    TALK_AUDIENCE: '1',
    TALK_AUDIENCE_DECK_DIR: deckDir,
    AUDIENCE_PORT: '0',
    TALK_PRESENTER_SECRET: 'audience-fuzz-secret-0123456789',
  })
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = (): void => {
      const m = server.output().match(new RegExp(`audience: share .*?(http://${lanAddress!.replaceAll('.', '\\.')}:\\d+)/`))
      if (m)
        return resolve(m)
      if (server.child.exitCode !== null)
        reject(new Error(`server exited:\n${server.output()}`))
    }
    server.child.stdout!.on('data', check)
    server.child.once('exit', check)
    check()
  })
  audience = match[1]!
})
afterAll(async () => {
  if (server?.child.exitCode === null)
    await server.signal('SIGTERM')
  rmSync(deckDir, { recursive: true, force: true })
})

interface Answer { status: number, body: string }

function send(method: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const { port } = new URL(audience)
  return new Promise((resolve, reject) => {
    const req = request({
      host: lanAddress,
      localAddress: lanAddress,
      port,
      method,
      path,
      headers,
      agent: false,
      timeout: 10_000,
    }, (res) => {
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy()
        return resolve({ status: res.statusCode!, body: '' })
      }
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode!, body }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within 10 s: ${method} ${path}`)))
    req.on('error', reject)
    req.end()
  })
}

async function stillServing(): Promise<void> {
  expect(server.child.exitCode).toBe(null)
  const index = await send('GET', '/', {})
  expect(index).toEqual({ status: 200, body: INDEX })
}

const segment = fc.oneof(
  fc.constantFrom('@fs', '@vite', 'client', '@id', '__slidev', 'slides', '1.json', '@slidev', 'configs', '__open-in-editor', '@slidev-monaco-types', 'server', 'index.ts', 'slides.md', 'package.json', 'node_modules', 'assets', 'index-abc.js', 'index-abc.js.map', '.built-from', '..', '.', '%2e%2e', '%2F', '%00', '%ZZ', 'etc', 'passwd', 'api', 'position', 'events', 'demos', 'hello', 'run', 'terminals', 'audience', 'presenter', '3', 'overview', '', '~'),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }).map(encodeURIComponent),
)
const path = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '?file=/etc/passwd', '?import', '?raw', '?url', '?x=%ZZ'))
  .map(([parts, query]) => `/${parts.join('/')}${query}`)

it.skipIf(!lanAddress)('answers every path and method with no 5xx, reads nothing outside the deck, writes nothing, and stays up', async () => {
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    path,
    fc.oneof(fc.constant(undefined), fc.constantFrom('0', '-1', '99999999999999999999', 'abc')),
    async (method, p, lastEventId) => {
      const answer = await send(method, p, lastEventId
        ? { 'last-event-id': lastEventId }
        : {})
      expect(answer.status).toBeLessThan(500)
      // Only the deck's own two files are ever given out, and only from the deck's folder.
      if (answer.status < 300 && answer.body) {
        expect([INDEX, 'console.log(1)', '[]']).toContain(answer.body.startsWith('{') || answer.body.startsWith('[')
          ? '[]'
          : answer.body)
      }
      expect(answer.body).not.toMatch(/root:x:0|"name": "docker-from-the-ground-up"|stamp/)
      await stillServing()
    },
  ), { numRuns: 300, seed: 22 })
  expect(deckFiles()).toEqual(before)
  expect(readFileSync(join(deckDir, 'index.html'), 'utf8')).toBe(INDEX)
})

it.skipIf(!lanAddress)('takes any message on a shell\'s WebSocket: it only ever watches, nothing starts, nothing crashes', async () => {
  const id = [
    ...shellSessionsById.keys(),
  ][0]!
  const message = fc.oneof(
    fc.json(),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('{"type":"start"}', '{"type":"input","data":"touch /pwned\\r"}', '{"type":"end"}', '{"type":"resize","cols":1e9,"rows":-1}', '{"type":"hello","view":"presenter"}', '{"type":"hello","view":"presenter","secret":"wrong"}', '{"type":"hello","view":{"toString":1}}', 'null', '[]', '{"__proto__":{"type":"start"}}'),
  )
  await fc.assert(fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 6 }), async (messages) => {
    const ws = new WebSocket(`${audience.replace('http', 'ws')}/api/terminals/${id}`, { localAddress: lanAddress })
    const seen: { type: string, role?: string, state?: string }[] = []
    ws.on('message', data => seen.push(JSON.parse(data.toString()) as { type: string }))
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    for (const m of messages) ws.send(m)
    // An answer to a last, known message marks that every one before it was read.
    ws.send(JSON.stringify({ type: 'hello', view: 'deck' }))
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        if (seen.some(m => m.type === 'role'))
          resolve()
      }
      ws.on('message', done)
      ws.once('close', () => reject(new Error(`closed early: ${JSON.stringify(seen)}`)))
      done()
    })
    ws.close()
    expect(seen.filter(m => m.type === 'role').map(m => m.role)).toEqual(seen.filter(m => m.type === 'role').map(() => 'watch'))
    expect(seen.filter(m => m.type === 'state' && m.state !== 'idle')).toEqual([])
    await stillServing()
  }), { numRuns: 60, seed: 22 })
})
