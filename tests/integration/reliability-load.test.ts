import type { TestServer } from '../support/server'
// Load on the real engine: 20 run requests at once across demos (restarts queue per demo; beyond
// the cap of concurrent runs, a clean 429). Afterwards nothing is left: no labelled container,
// network or volume, no run, no event stream, no engine connection. The 200 runs one after another
// are a soak test (tests/soak/, `npm run test:soak`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countingDocker, expectNothingLeft } from '../support/engine'
import { post, startServer } from '../support/server'

const CONCURRENT = 20
const idle = { activeRuns: 0, subscribers: 0, prewarmed: 0 }
// Demos that run for a while; builds are left out, they change images on the shared engine.
const LONG_DEMOS = [
  'ticker',
  'runaway',
  'lifecycle',
  'volume-outlives',
  'network-dns',
]

const engine = countingDocker()

/** `CONCURRENT` run requests, all sent at once, spread over `demos` (so most are restarts). */
async function burst(server: TestServer, demos: string[]): Promise<{ demo: string, status: number, body: { runId?: string, error?: string } }[]> {
  return Promise.all(Array.from({ length: CONCURRENT }, async (_, i) => {
    const demo = demos[i % demos.length]!
    const res = await post(`${server.url}/api/demos/${demo}/run`)
    return { demo, status: res.status, body: await res.json() as { runId?: string, error?: string } }
  }))
}

/** Stops every demo (each answer comes once its run has ended and cleaned up) and checks nothing is left. */
async function expectAllStopped(server: TestServer, demos: string[]): Promise<void> {
  for (const demo of demos) {
    const res = await post(`${server.url}/api/demos/${demo}/stop`)
    expect(res.status).toBe(200)
  }
  await server.streamsClosed()
  expect(server.runtime.registry.stats()).toEqual(idle)
  expect(engine.openConnections()).toBe(0)
  await expectNothingLeft()
}

describe('under load', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ docker: engine.docker })
  })
  afterAll(async () => {
    await server.close()
  })

  it(`${CONCURRENT} run requests at once across demos: every one accepted, restarts queued per demo`, { timeout: 120_000 }, async () => {
    const demos = ['hello', ...LONG_DEMOS]
    const started = performance.now()
    const answers = await burst(server, demos)
    // Six demos, a cap of six: never too many, so each request starts (or restarts) its demo.
    expect(answers.filter(a => a.status !== 202)).toEqual([])
    expect(new Set(answers.map(a => a.body.runId)).size).toBe(CONCURRENT)
    expect(server.runtime.registry.stats().activeRuns).toBeLessThanOrEqual(demos.length)
    await expectAllStopped(server, demos)
    // eslint-disable-next-line no-console -- a timing for whoever reads the test log (speed is measured by npm run bench)
    console.log(`[reliability] ${CONCURRENT} requests at once, all runs stopped and cleaned up: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  })
})

describe('beyond the cap of concurrent runs', () => {
  const CAP = 2
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({
      docker: engine.docker,
      registry: { maxConcurrentRuns: CAP },
    })
  })
  afterAll(async () => {
    await server.close()
  })

  it(`${CONCURRENT} run requests at once across ${LONG_DEMOS.length} demos: at most ${CAP} run, the rest get a clean 429`, { timeout: 120_000 }, async () => {
    const started = performance.now()
    const answers = await burst(server, LONG_DEMOS)
    const refused = answers.filter(a => a.status === 429)
    expect(answers.filter(a => a.status !== 202 && a.status !== 429)).toEqual([])
    expect(refused.length).toBeGreaterThan(0)
    for (const a of refused) expect(a.body.error).toMatch(/^too many demos running at once \(\d+\); stop one first$/)
    // Checked the moment the last answer is in: every accepted long demo is still running.
    expect(server.runtime.registry.stats().activeRuns).toBeLessThanOrEqual(CAP)
    const accepted = new Set(answers.filter(a => a.status === 202).map(a => a.demo))
    expect(accepted.size).toBeLessThanOrEqual(CAP)
    await expectAllStopped(server, LONG_DEMOS)
    // eslint-disable-next-line no-console -- a timing for whoever reads the test log (speed is measured by npm run bench)
    console.log(`[reliability] ${CONCURRENT} requests at once with a cap of ${CAP}: ${refused.length} refused, cleaned up in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  })
})
