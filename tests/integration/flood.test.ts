import type { ServerProcess } from '../../scripts/server-process'
// The 10 MB flood demo through the standalone server: every line reaches an SSE client, in order,
// while a second client that reads nothing stalls beside it and is cut off; the server's memory
// stays bounded and a late joiner gets a bounded history, not the whole 10 MB.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FLOOD_LINE_BYTES, FLOOD_LINES, floodLine } from '../../demos/catalog/stress'
import { samplePeak, spawnServer } from '../../scripts/server-process'
import { expectNothingLeft } from '../support/engine'
import { post } from '../support/server'
import { openEvents, outputOf, runEnded } from '../support/sse'

const MB = 1024 * 1024
let server: ServerProcess
beforeAll(async () => {
  server = await spawnServer({ TALK_STALL_TIMEOUT_MS: '1000' })
})
afterAll(async () => {
  await server?.signal('SIGTERM')
})

it('delivers all 200,000 lines in order to a reading client while another stalls, within bounded memory', async () => {
  const events = `${server.url}/api/demos/flood/events`
  const reader = await openEvents(events)
  // Subscribed like any viewer, then never read: its socket fills and the server must not hoard for it.
  const stalled = new AbortController()
  const stalledRes = await fetch(events, { signal: stalled.signal })
  expect(stalledRes.status).toBe(200)

  const atRest = server.rss()
  const peak = samplePeak(server.rss)
  const run = await post(`${server.url}/api/demos/flood/run`)
  expect(run.status).toBe(202)
  const { runId } = await run.json() as { runId: string }
  const all = await reader.until(runEnded)
  // The stalled one is cut off once its send buffer has stayed full for the timeout.
  await new Promise<void>((resolve) => {
    const check = (): void => {
      // Loopback is the presenter here (npm run dev's trust): its viewers count apart, and the log says so.
      if (/cut off a stalled event stream of (?:presenter )?127\.0\.0\.1/.test(server.output()))
        resolve()
    }
    server.child.stdout!.on('data', check)
    check()
  })
  const peakRss = peak.stop()
  reader.close()
  stalled.abort()

  const mine = all.slice(all.findIndex(e => e.event === 'run' && e.data.runId === runId))
  expect(mine.at(-1)).toMatchObject({
    event: 'exit',
    data: { code: 0 },
  })
  expect(mine.some(e => e.event === 'dropped')).toBe(false)
  const stdout = outputOf(mine, 'stdout')
  expect(stdout.length).toBe(FLOOD_LINES * FLOOD_LINE_BYTES)
  // Compared line by line so a failure names the first wrong line, not a 10 MB diff.
  const lines = stdout.split('\n')
  expect(lines.pop()).toBe('')
  const firstWrong = lines.findIndex((line, i) => `${line}\n` !== floodLine(i + 1))
  expect(firstWrong).toBe(-1)
  expect(lines).toHaveLength(FLOOD_LINES)
  // 10 MB went through; the server holds on to neither it nor a copy per client.
  expect(peakRss - atRest).toBeLessThan(100 * MB)
  await expectNothingLeft()
})

it('gives a late joiner a bounded history of the run: its tail and a note of what was dropped', async () => {
  const late = await openEvents(`${server.url}/api/demos/flood/events`)
  const history = await late.until(runEnded)
  late.close()
  const dropped = history.find(e => e.event === 'dropped')
  expect(dropped?.data.bytes).toBeGreaterThan(8 * MB)
  const kept = outputOf(history, 'stdout')
  expect(kept.length).toBeLessThanOrEqual(1 * MB + 64 * 1024)
  expect(kept.endsWith(floodLine(FLOOD_LINES))).toBe(true)
})
