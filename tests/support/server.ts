// Starts the real server in-process on an ephemeral loopback port, for integration tests.
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { Runtime, RuntimeOptions } from '../../server/runtime'
import { createRuntime } from '../../server/runtime'

export interface TestServer {
  url: string
  runtime: Runtime
  /**
   * Resolves once every event stream served so far has closed on the server's side: after a
   * client hangs up, this is when the server has let go of it (its close handlers have run).
   */
  streamsClosed: () => Promise<void>
  close: () => Promise<void>
}

export async function startServer(options: RuntimeOptions = {}): Promise<TestServer> {
  const runtime = await createRuntime(options)
  const server: Server = await new Promise((resolve) => {
    const s = runtime.app.listen(0, '127.0.0.1', () => resolve(s))
  })
  runtime.acceptUpgrades(server)
  const streams = new Set<Promise<unknown>>()
  server.on('request', (req, res) => {
    if (!/\/events(\?|$)/.test(req.url ?? '')) return
    const closed = once(res, 'close')
    streams.add(closed)
    void closed.then(() => streams.delete(closed))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    streamsClosed: async () => { await Promise.all(streams) },
    close: async () => {
      server.closeAllConnections()
      const closed = new Promise<void>(resolve => server.close(() => resolve()))
      // Upgraded sockets (shell sessions) keep the server open until the runtime closes them.
      await runtime.shutdown()
      await closed
    },
  }
}

/** POSTs to the API (a full URL), with a JSON body when given. */
export function post(url: string, json?: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', ...(json === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }) })
}
