import type { TestServer } from '../support/server'
import type { ReceivedEvent } from '../support/sse'
// Viewers who close their tab mid-stream: the server lets go of every one of them (no subscriber,
// no heartbeat, no engine stream beyond the run's own), and the run itself is unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countingDocker, expectNothingLeft } from '../support/engine'
import { post, startServer } from '../support/server'
import { openEvents, outputOf, runEnded } from '../support/sse'

const engine = countingDocker()
let server: TestServer
beforeAll(async () => {
  server = await startServer({ docker: engine.docker })
})
afterAll(async () => {
  await server.close()
})

const CLIENTS = 20
const events = () => openEvents(`${server.url}/api/demos/ticker/events`)
/** True once run `runId` printed `text` (a subscriber first gets the previous run's history). */
function sawText(text: string, runId: string) {
  return (_e: ReceivedEvent, all: ReceivedEvent[]) => {
    const start = all.findIndex(e => e.event === 'run' && e.data.runId === runId)
    return start >= 0 && outputOf(all.slice(start), 'stdout').includes(text)
  }
}

describe('clients that disconnect mid-stream', () => {
  it(`${CLIENTS} viewers of ticker hang up mid-run: no subscriber left, and stop leaves no container`, async () => {
    const viewers = await Promise.all(Array.from({ length: CLIENTS }, events))
    const watcher = await events() // stays, to see the run go on and end
    const res = await post(`${server.url}/api/demos/ticker/run`)
    expect(res.status).toBe(202)
    const { runId } = await res.json() as { runId: string }
    expect(server.runtime.registry.stats().subscribers).toBe(CLIENTS + 1)

    // Each viewer hangs up at a different point of the stream.
    await Promise.all(viewers.map(async (v, i) => {
      await v.until(sawText(`tick ${1 + (i % 4)}`, runId))
      v.close()
    }))
    await watcher.until(sawText('tick 6', runId))
    watcher.close()
    await server.streamsClosed()
    expect(server.runtime.registry.stats()).toEqual({ activeRuns: 1, subscribers: 0, prewarmed: 0 })
    // What the running ticker itself holds: its attach stream and its wait.
    expect(engine.openConnections()).toBe(2)

    const late = await events()
    const stop = await post(`${server.url}/api/demos/ticker/stop`)
    expect((await stop.json() as { run: { state: string } }).run.state).toBe('stopped')
    const rest = await late.until(runEnded)
    late.close()
    expect(rest.at(-1)).toMatchObject({
      event: 'exit',
      data: { stopped: true, reason: 'stopped by the speaker' },
    })
    await server.streamsClosed()
    expect(server.runtime.registry.stats()).toEqual({ activeRuns: 0, subscribers: 0, prewarmed: 0 })
    expect(engine.openConnections()).toBe(0)
    await expectNothingLeft()
  })
})
