// Starts the real server in-process on an ephemeral loopback port, for integration tests.
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { Runtime, RuntimeOptions } from '../../server/runtime'
import { createRuntime } from '../../server/runtime'

export interface TestServer {
  url: string
  runtime: Runtime
  close: () => Promise<void>
}

export async function startServer(options: RuntimeOptions = {}): Promise<TestServer> {
  const runtime = await createRuntime(options)
  const server: Server = await new Promise((resolve) => {
    const s = runtime.app.listen(0, '127.0.0.1', () => resolve(s))
  })
  runtime.acceptUpgrades(server)
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    close: async () => {
      server.closeAllConnections()
      const closed = new Promise<void>(resolve => server.close(() => resolve()))
      // Upgraded sockets (shell sessions) keep the server open until the runtime closes them.
      await runtime.shutdown()
      await closed
    },
  }
}
