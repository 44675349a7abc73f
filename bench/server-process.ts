// The standalone server (`npm run server`) as a child process, as a speaker starts it.
import type { ServerProcess } from '../scripts/server-process'
import { spawnServer } from '../scripts/server-process'

export { samplePeak } from '../scripts/server-process'

export interface BenchServer extends ServerProcess {
  stop: () => Promise<void>
}

export async function startBenchServer(): Promise<BenchServer> {
  const server = await spawnServer()
  return {
    ...server,
    stop: async () => { await server.signal('SIGTERM') },
  }
}
