import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Runtime, RuntimeOptions } from '../../server/runtime'
// Starts the real server in-process on an ephemeral loopback port, for integration tests.
import { once } from 'node:events'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createRuntime } from '../../server/runtime'
import { expectNothingLeft } from './engine'

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
    if (!/\/events(?:\?|$)/.test(req.url ?? ''))
      return
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
  return fetch(url, {
    method: 'POST',
    ...(json === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(json),
        }),
  })
}

/**
 * A server of this file's own, from before its first test to after its last (the hooks are
 * registered by the call); with `nothingLeft`, each test must leave nothing labelled behind.
 */
export function useTestServer(options: RuntimeOptions = {}, after: { nothingLeft?: boolean } = {}): TestServer {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startServer(options)
  })
  afterAll(async () => {
    await server?.close()
  })
  if (after.nothingLeft)
    afterEach(async () => { await expectNothingLeft() })
  const started = (): TestServer => {
    if (!server)
      throw new Error('the test server starts in beforeAll')
    return server
  }
  return {
    get url() { return started().url },
    get runtime() { return started().runtime },
    streamsClosed: () => started().streamsClosed(),
    close: () => started().close(),
  }
}
