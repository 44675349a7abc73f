// With no engine, Run falls back to the demo's recording, played through the demo's own channel.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRecording, Recorder, recordedOutput } from '../../demos/recording'
import { ReplayService } from '../../server/runs/replay'
import type { TestServer } from '../support/server'
import { startServer } from '../support/server'
import { openEvents, outputOf, runEnded } from '../support/sse'

const recording = (id: string) => parseRecording(JSON.parse(readFileSync(resolve(import.meta.dirname, `../../demos/recordings/${id}.json`), 'utf8')))
const post = (server: TestServer, path: string) => fetch(`${server.url}/api${path}`, { method: 'POST' })

describe('engine offline', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ docker: new Docker({ socketPath: '/nonexistent/docker.sock' }) })
  })
  afterAll(() => server?.close())

  it('keeps POST run at 503 and replays the recording to every viewer at its pace', async () => {
    const expected = recording('lifecycle')
    const [a, b] = await Promise.all([openEvents(`${server.url}/api/demos/lifecycle/events`), openEvents(`${server.url}/api/demos/lifecycle/events`)])
    const refused = await post(server, '/demos/lifecycle/run')
    expect(refused.status).toBe(503)
    expect((await refused.json()).error).toMatch(/not reachable/)

    const started = Date.now()
    const res = await post(server, '/demos/lifecycle/replay')
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ recordedAt: expected.recordedAt, atOnce: false })
    const [eventsA, eventsB] = await Promise.all([a.until(runEnded), b.until(runEnded)])
    const took = Date.now() - started
    a.close()
    b.close()

    const run = eventsA.find(e => e.event === 'run')!
    expect(run.data.replay).toEqual({ recordedAt: expected.recordedAt, reason: 'engine offline' })
    expect(outputOf(eventsA, 'stdout')).toBe(recordedOutput(expected, 'stdout'))
    expect(outputOf(eventsA, 'stderr')).toBe(recordedOutput(expected, 'stderr'))
    expect(eventsA.filter(e => e.event === 'step').map(e => e.data.cli)).toEqual(expected.cli)
    expect(eventsA.at(-1)).toMatchObject({ event: 'exit', data: { code: 0 } })
    expect(eventsB.map(e => [e.event, e.data])).toEqual(eventsA.map(e => [e.event, e.data]))
    expect(took).toBeGreaterThanOrEqual(expected.durationMs - 50)
  })

  it('plays the rest at once on a second click', async () => {
    const expected = recording('ticker')
    expect(expected.durationMs).toBeGreaterThan(2000)
    const events = await openEvents(`${server.url}/api/demos/ticker/events`)
    const started = Date.now()
    expect((await post(server, '/demos/ticker/replay')).status).toBe(202)
    await events.until(e => e.event === 'stdout')
    const second = await post(server, '/demos/ticker/replay')
    expect(await second.json()).toMatchObject({ atOnce: true })
    const rest = await events.until(runEnded)
    events.close()
    expect(Date.now() - started).toBeLessThan(expected.durationMs)
    expect(rest.at(-1)).toMatchObject({ event: 'exit', data: { code: expected.end && 'exit' in expected.end ? expected.end.exit.code : -1 } })
    expect(outputOf(rest, 'stdout')).toContain('tick 10')
  })

  it('stops a replay like a run', async () => {
    const events = await openEvents(`${server.url}/api/demos/ticker/events`)
    const { runId } = await (await post(server, '/demos/ticker/replay')).json()
    await events.until(e => e.event === 'run' && e.data.runId === runId)
    await events.until(e => e.event === 'stdout')
    const stop = await post(server, '/demos/ticker/stop')
    expect(await stop.json()).toMatchObject({ replay: 'stopped' })
    const rest = await events.until(runEnded)
    events.close()
    expect(rest.at(-1)).toMatchObject({ event: 'exit', data: { stopped: true, reason: 'stopped by the speaker' } })
    expect(outputOf(rest, 'stdout')).not.toContain('tick 10')
  })

  it('answers an unknown demo with 404 JSON', async () => {
    const res = await post(server, '/demos/nope/replay')
    expect(res.status).toBe(404)
    expect((await res.json()).error).toMatch(/unknown demo/)
  })
})

describe('engine reachable', () => {
  let server: TestServer
  beforeAll(async () => { server = await startServer() })
  afterAll(() => server?.close())

  it('lets a live run take the channel over from a replay', async () => {
    const recorder = new Recorder(0)
    for (let t = 0; t <= 3000; t += 100) recorder.add('stdout', { text: `FROM-REPLAY ${t}\n` }, t)
    recorder.add('exit', { code: 0, oomKilled: false, stopped: false }, 3000)
    const fake = recorder.finish({ demoId: 'hello', title: 'Hello', cli: [], engine: { version: 'test' } })
    const replays = new ReplayService(server.runtime.registry, async () => fake)

    const events = await openEvents(`${server.url}/api/demos/hello/events`)
    const { runId: replayId } = await replays.replay('hello', 'test')
    await events.until(e => e.event === 'stdout' && e.data.text.startsWith('FROM-REPLAY 100'))
    const live = await post(server, '/demos/hello/run')
    expect(live.status).toBe(202)
    const { runId } = await live.json()
    await events.until(e => e.event === 'run' && e.data.runId === runId)
    const liveEvents = await events.until(runEnded)
    events.close()
    expect(runId).not.toBe(replayId)
    expect(outputOf(liveEvents, 'stdout')).toContain('hi there')
    expect(outputOf(liveEvents, 'stdout')).not.toContain('FROM-REPLAY')
  })

  it('refuses a replay: the demo runs live', async () => {
    const res = await post(server, '/demos/hello/replay')
    expect(res.status).toBe(409)
    expect((await res.json()).error).toMatch(/run the demo live/)
  })
})
