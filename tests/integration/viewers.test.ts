import type { Buffer } from 'node:buffer'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServerProcess } from '../../scripts/server-process'
// Bounded viewers: event streams and shell sockets per client address and in total (429 with
// Retry-After beyond, close 1013 on a WebSocket), and a stalled reader cut off by the timer even
// when no further event comes. Loopback has many addresses (127.0.0.2 ...): each is a client.
import { once } from 'node:events'
import { createServer, request } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import WebSocket from 'ws'
import { shellSessionsById } from '../../demos/catalog'
import { spawnServer } from '../../scripts/server-process'
import { serveEvents } from '../../server/http/sse'
import { Viewers } from '../../server/http/viewers'

let server: ServerProcess
beforeAll(async () => {
  server = await spawnServer({ TALK_MAX_VIEWERS_PER_CLIENT: '2', TALK_MAX_VIEWERS: '3' })
})
afterAll(async () => {
  await server?.signal('SIGTERM')
})

/** Opens the hello demo's event stream from a loopback address; resolves with the response. */
function stream(from: string): Promise<IncomingMessage> {
  const { port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    request({
      host: '127.0.0.1',
      port,
      path: '/api/demos/hello/events',
      localAddress: from,
      agent: false,
    }, resolve).on('error', reject).end()
  })
}

async function refusal(res: IncomingMessage): Promise<{ status: number, retryAfter?: string, error: string }> {
  let body = ''
  for await (const chunk of res) body += chunk
  return { status: res.statusCode!, retryAfter: res.headers['retry-after'], error: (JSON.parse(body) as { error: string }).error }
}

it('refuses more than N streams per client and in total: 429 with Retry-After, close 1013 for a shell', async () => {
  const open = [await stream('127.0.0.1'), await stream('127.0.0.1')]
  expect(open.map(r => r.statusCode)).toEqual([200, 200])
  expect(await refusal(await stream('127.0.0.1'))).toEqual({
    status: 429,
    retryAfter: '5',
    error: expect.stringMatching(/this client already holds 2 streams and shells \(at most 2\)/),
  })

  const shell = new WebSocket(`${server.url.replace('http', 'ws')}/api/terminals/${[
    ...shellSessionsById.keys(),
  ][0]}`, { localAddress: '127.0.0.1' })
  const [code, reason] = await once(shell, 'close') as [number, Buffer]
  expect(code).toBe(1013)
  expect(reason.toString()).toMatch(/at most 2/)

  open.push(await stream('127.0.0.2'))
  expect(open[2]!.statusCode).toBe(200)
  expect(await refusal(await stream('127.0.0.3'))).toMatchObject({
    status: 429,
    error: expect.stringMatching(/already serves 3 streams and shells \(at most 3\)/),
  })
  for (const res of open) res.destroy()
  expect(server.child.exitCode).toBeNull()
})

it('cuts off a reader whose send buffer stays full, by a timer, with no further event to send', async () => {
  // One 7 MB event (under the 8 MB backlog cut) and then silence: only the timer can end it.
  const event = {
    seq: 1,
    event: 'stdout' as const,
    data: {
      text: 'x'.repeat(7 * 1024 * 1024),
    },
  }
  const viewers = new Viewers({
    perClient: 4,
    total: 4,
    presenterReserve: 0,
    stallMs: 200,
  })
  const closed: Promise<unknown>[] = []
  const http = createServer((req, res) => {
    closed.push(once(res, 'close'))
    serveEvents<{ stdout: { text: string } }>(req, res, {
      subscribe: (send) => {
        send(event)
        return () => {}
      },
    }, viewers, 'reader')
  }).listen(0, '127.0.0.1')
  await once(http, 'listening')
  const reader = connect((http.address() as AddressInfo).port, '127.0.0.1')
  reader.pause() // reads nothing: the kernel's buffers fill, then the server's
  reader.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
  await new Promise<void>(resolve => http.once('request', () => setImmediate(resolve)))
  expect(viewers.count).toBe(1)
  await closed[0]
  expect(viewers.count).toBe(0)
  // What the reader gets is less than the event: it was cut off, not served.
  let received = 0
  reader.on('data', (chunk: Buffer) => {
    received += chunk.length
  })
  reader.resume()
  await once(reader, 'close')
  expect(received).toBeLessThan(event.data.text.length)
  http.close()
})
