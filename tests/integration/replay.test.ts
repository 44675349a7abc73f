import type { TestServer } from '../support/server'
// With no engine, Run plays the demo's recording: a run like any other, on the demo's own channel,
// chosen by the server, stopped by Stop and by shutdown.
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRecording, recordedOutput, Recorder } from '../../demos/recording'
import { engineEndpoint } from '../../server/engine/endpoint'
import { post, startServer } from '../support/server'
import { openEvents, outputOf, runEnded } from '../support/sse'

const recording = (id: string) => parseRecording(JSON.parse(readFileSync(resolve(import.meta.dirname, `../../demos/recordings/${id}.json`), 'utf8')))
const postTo = (server: TestServer, path: string) => post(`${server.url}/api${path}`)
const noEngine = () => new Docker({ socketPath: '/nonexistent/docker.sock' })

describe('engine offline', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({
      docker: noEngine(),
    })
  })
  afterAll(() => server?.close())

  it('run replays the recording to every viewer at its pace', async () => {
    const expected = recording('lifecycle')
    const [a, b] = await Promise.all([
      openEvents(`${server.url}/api/demos/lifecycle/events`),
      openEvents(`${server.url}/api/demos/lifecycle/events`),
    ])
    const res = await postTo(server, '/demos/lifecycle/run')
    expect(res.status).toBe(202)
    const { runId } = await res.json()
    const [eventsA, eventsB] = await Promise.all([
      a.until(runEnded),
      b.until(runEnded),
    ])
    a.close()
    b.close()

    const run = eventsA.find(e => e.event === 'run')!
    expect(run.data).toMatchObject({
      runId,
      replay: { recordedAt: expected.recordedAt, reason: 'engine offline', engine: expected.engine.version },
    })
    expect(outputOf(eventsA, 'stdout')).toBe(recordedOutput(expected, 'stdout'))
    expect(outputOf(eventsA, 'stderr')).toBe(recordedOutput(expected, 'stderr'))
    expect(eventsA.filter(e => e.event === 'step').map(e => e.data.cli)).toEqual(expected.cli)
    expect(eventsA.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
    expect(eventsB.map(e => [e.event, e.data])).toEqual(eventsA.map(e => [e.event, e.data]))
    // The pace itself (each event at its recorded time) is the player's, checked on a fake clock in
    // tests/unit/recording-player.test.ts: a wall clock here would only measure the machine's load.
    const shown = await (await fetch(`${server.url}/api/demos/lifecycle`)).json()
    expect(shown.run).toMatchObject({
      runId,
      state: 'exited',
      exitCode: 0,
      replay: { recordedAt: expected.recordedAt },
    })
  })

  it('plays the rest at once on a second click', async () => {
    const expected = recording('ticker')
    expect(expected.durationMs).toBeGreaterThan(2000)
    const events = await openEvents(`${server.url}/api/demos/ticker/events`)
    const first = await postTo(server, '/demos/ticker/run')
    expect(first.status).toBe(202)
    await events.until(e => e.event === 'stdout')
    const second = await postTo(server, '/demos/ticker/run')
    expect((await second.json()).runId).toBe((await first.json()).runId)
    const rest = await events.until(runEnded)
    events.close()
    expect(rest.at(-1)).toMatchObject({
      event: 'exit',
      data: {
        code: expected.end && 'exit' in expected.end
          ? expected.end.exit.code
          : -1,
      },
    })
    expect(outputOf(rest, 'stdout')).toContain('tick 10')
  })

  it('stops a replay like a run', async () => {
    const events = await openEvents(`${server.url}/api/demos/ticker/events`)
    const { runId } = await (await postTo(server, '/demos/ticker/run')).json()
    await events.until(e => e.event === 'run' && e.data.runId === runId)
    await events.until(e => e.event === 'stdout')
    const stop = await postTo(server, '/demos/ticker/stop')
    expect(await stop.json()).toMatchObject({
      run: { runId, state: 'stopped' },
    })
    const rest = await events.until(runEnded)
    events.close()
    expect(rest.at(-1)).toMatchObject({
      event: 'exit',
      data: { stopped: true, reason: 'stopped by the speaker' },
    })
    expect(outputOf(rest, 'stdout')).not.toContain('tick 10')
  })

  it('answers an unknown demo with 404 JSON', async () => {
    const res = await postTo(server, '/demos/nope/run')
    expect(res.status).toBe(404)
    expect((await res.json()).error).toMatch(/unknown demo/)
  })

  it('stops a playing replay at shutdown', async () => {
    const events = await openEvents(`${server.url}/api/demos/ticker/events`)
    const { runId } = await (await postTo(server, '/demos/ticker/run')).json()
    await events.until(e => e.event === 'run' && e.data.runId === runId)
    await events.until(e => e.event === 'stdout')
    await server.runtime.shutdown()
    const rest = await events.until(runEnded)
    events.close()
    expect(rest.at(-1)).toMatchObject({
      event: 'exit',
      data: { stopped: true, reason: 'server shutting down' },
    })
    expect(server.runtime.registry.current('ticker')).toMatchObject({ runId, state: 'stopped' })
  })
})

it('answers 503, saying why, when there is neither an engine nor a recording', async () => {
  const server = await startServer({
    docker: noEngine(),
    recordings: async () => undefined,
  })
  try {
    const res = await postTo(server, '/demos/hello/run')
    expect(res.status).toBe(503)
    expect((await res.json()).error).toMatch(/^Docker engine not reachable .*; no replay: no recording of demo "hello": run npm run record hello/)
  }
  finally { await server.close() }
})

describe('the engine comes back during a replay', () => {
  const engine = engineEndpoint().host
  const socketPath = engine.startsWith('unix://')
    ? engine.slice('unix://'.length)
    : undefined
  const dir = mkdtempSync(join(tmpdir(), 'talk-replay-'))
  const socket = join(dir, 'docker.sock')
  let server: TestServer
  beforeAll(async () => {
    const recorder = new Recorder(0)
    for (let t = 0; t <= 3000; t += 100) recorder.add('stdout', { text: `FROM-REPLAY ${t}\n` }, t)
    recorder.add('exit', { code: 0, oomKilled: false, stopped: false }, 3000)
    const fake = recorder.finish({
      demoId: 'hello',
      title: 'Hello',
      cli: [],
      engine: { version: 'test' },
    })
    // The server's engine is a socket path that does not exist yet: linked to the real one later.
    server = await startServer({
      docker: new Docker({ socketPath: socket }),
      recordings: async () => fake,
    })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it.skipIf(!socketPath)('the next Run is live and ends the replay first', async () => {
    const events = await openEvents(`${server.url}/api/demos/hello/events`)
    const { runId: replayId } = await (await postTo(server, '/demos/hello/run')).json()
    await events.until(e => e.event === 'stdout' && e.data.text.startsWith('FROM-REPLAY 100'))
    symlinkSync(socketPath!, socket)
    const live = await postTo(server, '/demos/hello/run')
    expect(live.status).toBe(202)
    const { runId } = await live.json()
    const replayEnd = await events.until(e => e.event === 'run' && e.data.runId === runId)
    const liveEvents = await events.until(runEnded)
    events.close()
    expect(runId).not.toBe(replayId)
    expect(replayEnd.at(-2)).toMatchObject({
      event: 'exit',
      data: { stopped: true, reason: 'restarted' },
    })
    const begin = replayEnd.at(-1)!
    expect(begin.event === 'run' && begin.data.replay).toBe(undefined)
    expect(outputOf(liveEvents, 'stdout')).toContain('hi there')
    expect(outputOf(liveEvents, 'stdout')).not.toContain('FROM-REPLAY')
  })
})
