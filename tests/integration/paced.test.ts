import type { TestServer } from '../support/server'
import type { EventReader, ReceivedEvent } from '../support/sse'
// Paced demos (Demo.paced) over real HTTP on the real engine: one step per advance, the run's
// containers and variables kept between steps and removed at its end, on Stop, when left waiting
// too long and at shutdown; a replay paced the same way; every wrong request a clear 4xx.
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRecording, recordedOutput } from '../../demos/recording'
import { readRecording, stepParts } from '../../server/runs/replay'
import { labelConditions } from '../../shared/labels'
import { docker, expectNothingLeft } from '../support/engine'
import { startServer } from '../support/server'
import { openEvents, outputOf, runEnded } from '../support/sse'

const SECRET = 'paced-test-presenter-secret'
const PRESENTER = { 'x-presenter-secret': SECRET }

/** A POST as the presenter (`as: {}`: as a window without the secret). */
function post(server: TestServer, path: string, json?: unknown, as: Record<string, string> = PRESENTER): Promise<Response> {
  return fetch(`${server.url}/api${path}`, {
    method: 'POST',
    headers: {
      ...as,
      ...(json === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    },
    body: json === undefined
      ? undefined
      : JSON.stringify(json),
  })
}

/** The run's events up to its next pause for the presenter (`waiting`) or its end. */
const toPause = (reader: EventReader): Promise<ReceivedEvent[]> => reader.until(e => e.event === 'waiting' || runEnded(e))
function stepsIn(events: ReceivedEvent[]): number[] {
  return events.flatMap(e => e.event === 'step'
    ? [e.data.index]
    : [])
}

/** Starts a paced run through `untilStep` and reads its events to its first pause. */
async function startPaced(server: TestServer, id: string, untilStep: number): Promise<{ reader: EventReader, first: ReceivedEvent[] }> {
  const reader = await openEvents(`${server.url}/api/demos/${id}/events`, PRESENTER)
  const res = await post(server, `/demos/${id}/run`, { untilStep })
  expect(res.status).toBe(202)
  const { runId, through } = await res.json() as { runId: string, through: number }
  expect(through).toBe(untilStep)
  await reader.until(e => e.event === 'run' && e.data.runId === runId)
  return { reader, first: await toPause(reader) }
}

async function containersOf(demo: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({
    all: true,
    filters: JSON.stringify({
      label: labelConditions({ demo }),
    }),
  })
}

describe('a paced run on the engine', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ hosted: true, remotePassword: SECRET })
  })
  afterAll(() => server?.close())

  it('runs one step per advance, keeps its container between steps, and ends after the last', async () => {
    const steps = server.runtime.registry.demo('cli-tour')!.steps.length
    const { reader, first } = await startPaced(server, 'cli-tour', 0)
    try {
      expect(stepsIn(first)).toEqual([0])
      expect(first.at(-1)).toMatchObject({
        event: 'waiting',
        data: { next: 1 },
      })
      for (let step = 1; step < steps; step++) {
        const res = await post(server, '/demos/cli-tour/advance', { step })
        expect(res.status).toBe(200)
        expect(await res.json()).toMatchObject({ through: step })
        const events = await toPause(reader)
        expect(stepsIn(events)).toEqual([step])
        if (step === 1 || step === 2) {
          // `docker run -d box`, then `docker pause box`: the container waits with the run.
          const [box] = await containersOf('cli-tour')
          expect(box?.State).toBe(step === 1
            ? 'running'
            : 'paused')
        }
        if (step < steps - 1) {
          expect(events.at(-1)).toMatchObject({
            event: 'waiting',
            data: { next: step + 1 },
          })
        }
        else {
          expect(events.at(-1)).toMatchObject({
            event: 'exit',
            data: { code: 0, stopped: false },
          })
        }
      }
    }
    finally { reader.close() }
    await expectNothingLeft({ demo: 'cli-tour' })
  })

  it('keeps the run\'s variables between steps, and Stop removes what it made', async () => {
    // registry: `docker run -d registry`, curl, `REG=$(docker port …)`; then `docker tag … $REG/…`.
    const { reader, first } = await startPaced(server, 'registry', 2)
    try {
      expect(stepsIn(first)).toEqual([0, 1, 2])
      const port = /127\.0\.0\.1:(\d+)/.exec(outputOf(first, 'stdout'))?.[1]
      expect(port).toBeDefined()
      // The same advance twice (two windows, a double click) runs the step once.
      const [a, b] = await Promise.all([3, 3].map(step => post(server, '/demos/registry/advance', { step })))
      expect([a!.status, b!.status]).toEqual([200, 200])
      const tagged = await toPause(reader)
      expect(stepsIn(tagged)).toEqual([3])
      expect(tagged.at(-1)).toMatchObject({
        event: 'waiting',
        data: { next: 4 },
      })
      const tags = (await docker.listImages()).flatMap(i => i.RepoTags ?? [])
      expect(tags).toContain(`127.0.0.1:${port}/demo/site:v1`)
      expect((await containersOf('registry')).map(c => c.State)).toEqual(['running'])

      expect((await post(server, '/demos/registry/stop')).status).toBe(200)
      const end = await reader.until(runEnded)
      expect(end.at(-1)).toMatchObject({
        event: 'exit',
        data: { stopped: true },
      })
      expect((await docker.listImages()).flatMap(i => i.RepoTags ?? [])).not.toContain(`127.0.0.1:${port}/demo/site:v1`)
    }
    finally { reader.close() }
    await expectNothingLeft({ demo: 'registry' })
  })

  it('answers a wrong request with a clear 4xx, never a 5xx', async () => {
    const noRun = await post(server, '/demos/cli-tour/advance', { step: 1 })
    expect(noRun.status).toBe(409)
    expect((await noRun.json()).error).toMatch(/no paced run waiting/)
    expect((await post(server, '/demos/no-such-demo/advance', { step: 0 })).status).toBe(404)
    expect((await post(server, '/demos/no-such-demo/run', { untilStep: 0 })).status).toBe(404)
    for (const body of [
      { step: -1 },
      { step: 99 },
      { step: 1.5 },
      { step: '2' },
      {},
      undefined,
    ])
      expect((await post(server, '/demos/cli-tour/advance', body)).status, JSON.stringify(body)).toBe(400)
    for (const body of [
      { untilStep: 12 },
      { untilStep: -1 },
      { untilStep: null },
    ])
      expect((await post(server, '/demos/cli-tour/run', body)).status, JSON.stringify(body)).toBe(400)

    const { reader } = await startPaced(server, 'cli-tour', 1)
    try {
      // A window without the presenter secret may watch, not advance or stop.
      const refused = await post(server, '/demos/cli-tour/advance', { step: 2 }, {})
      expect(refused.status).toBe(403)
      expect((await post(server, '/demos/cli-tour/stop', undefined, {})).status).toBe(403)
      const shown = await (await fetch(`${server.url}/api/demos/cli-tour`)).json()
      expect(shown.run.state).toBe('running')
      expect((await containersOf('cli-tour')).map(c => c.State)).toEqual(['running'])
      expect((await post(server, '/demos/cli-tour/stop')).status).toBe(200)
      await reader.until(runEnded)
    }
    finally { reader.close() }

    // A Run all is not paced: there is nothing to advance.
    const all = await openEvents(`${server.url}/api/demos/hello/events`, PRESENTER)
    try {
      const run = await post(server, '/demos/hello/run')
      const { runId, through } = await run.json() as { runId: string, through: null }
      expect(through).toBeNull()
      await all.until(e => e.event === 'run' && e.data.runId === runId)
      await all.until(runEnded)
      expect((await post(server, '/demos/hello/advance', { step: 0 })).status).toBe(409)
    }
    finally { all.close() }
    await expectNothingLeft({ demo: 'cli-tour' })
  })
})

describe('a paced run left waiting', () => {
  it('ends after the idle limit with its containers removed, and a shutdown removes a waiting one\'s', async () => {
    const server = await startServer({
      hosted: true,
      remotePassword: SECRET,
      registry: { pacedIdleSec: 0.5 },
    })
    try {
      const { reader, first } = await startPaced(server, 'cli-tour', 1)
      expect(stepsIn(first)).toEqual([0, 1])
      const end = await reader.until(runEnded)
      reader.close()
      expect(stepsIn(end)).toEqual([])
      expect(end.at(-1)).toMatchObject({
        event: 'exit',
        data: { stopped: true, reason: 'no next step within 0.5 s' },
      })
      await expectNothingLeft({ demo: 'cli-tour' })

      const again = await startPaced(server, 'cli-tour', 1)
      again.reader.close()
      expect((await containersOf('cli-tour')).length).toBe(1)
    }
    finally { await server.close() }
    await expectNothingLeft({ demo: 'cli-tour' })
  })
})

describe('a paced replay (no engine)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({
      hosted: true,
      remotePassword: SECRET,
      docker: new Docker({ socketPath: '/nonexistent/docker.sock' }),
    })
  })
  afterAll(() => server?.close())

  it('plays the recording one step per advance, each step\'s recorded output on it', async () => {
    const recording = parseRecording(await readRecording('cli-tour'))
    const parts = stepParts(recording)
    expect(parts.map(p => p.step)).toEqual(recording.cli.map((_, i) => i))
    const { reader, first } = await startPaced(server, 'cli-tour', 0)
    const seen = [first]
    try {
      expect(stepsIn(first)).toEqual([0])
      for (let step = 1; step < parts.length; step++) {
        expect((await post(server, '/demos/cli-tour/advance', { step })).status).toBe(200)
        seen.push(await toPause(reader))
      }
    }
    finally { reader.close() }
    seen.forEach((events, step) => {
      expect(stepsIn(events)).toEqual([step])
      expect(outputOf(events, 'stdout')).toBe(recordedOutput(parts[step]!.recording, 'stdout'))
    })
    expect(seen.at(-1)!.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0, stopped: false },
    })
  })
})
