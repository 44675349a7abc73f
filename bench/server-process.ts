// The standalone server (`npm run server`) as a child process, as a speaker starts it.
import type { ServerProcess } from '../tests/support/process'
import { spawnServer } from '../tests/support/process'

export { samplePeak } from '../tests/support/process'

export interface BenchServer extends ServerProcess {
  stop: () => Promise<void>
}

export async function startBenchServer(): Promise<BenchServer> {
  const server = await spawnServer()
  return { ...server, stop: async () => { await server.signal('SIGTERM') } }
}
