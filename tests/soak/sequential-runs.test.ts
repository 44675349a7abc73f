import type { TestServer } from '../support/server'
// Soak (`npm run test:soak`, before a release): 200 runs of hello one after another on the real
// engine, each printing its output; afterwards nothing is left: no labelled container, network or
// volume, no run, no event stream, no engine connection. Minutes of work that finds slow leaks;
// every CI run covers the same path once per demo (tests/integration/).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { countingDocker, expectNothingLeft } from '../support/engine'
import { startServer } from '../support/server'
import { outputOf, runToEnd } from '../support/sse'

const SEQUENTIAL = Number(process.env.SOAK_RUNS ?? 200)
const engine = countingDocker()
let server: TestServer
beforeAll(async () => {
  server = await startServer({ docker: engine.docker })
})
afterAll(async () => {
  await server.close()
})

// Each run starts a real container (about 0.5 s on an idle 2-core machine, 1.5 s under heavy load).
it(`${SEQUENTIAL} sequential runs of hello each print their output and leave nothing behind`, { timeout: 900_000 }, async () => {
  const started = performance.now()
  for (let i = 0; i < SEQUENTIAL; i++) {
    const events = await runToEnd(server.url, 'hello')
    expect(events.at(-1), `run ${i}`).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
    expect(outputOf(events, 'stdout'), `run ${i}`).toMatch(/^hi there\n/)
  }
  const seconds = (performance.now() - started) / 1000
  // eslint-disable-next-line no-console -- a timing for whoever reads the test log (speed is measured by npm run bench)
  console.log(`[soak] ${SEQUENTIAL} sequential hello runs: ${seconds.toFixed(1)} s (${(seconds * 1000 / SEQUENTIAL).toFixed(0)} ms per run)`)
  expect((await fetch(`${server.url}/api/demos/hello/stop`, { method: 'POST' })).status).toBe(200)
  await server.streamsClosed()
  expect(server.runtime.registry.stats()).toEqual({ activeRuns: 0, subscribers: 0, prewarmed: 0 })
  expect(engine.openConnections()).toBe(0)
  await expectNothingLeft()
})
