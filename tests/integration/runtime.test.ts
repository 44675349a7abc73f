import type { TestServer } from '../support/server'
import type { ReceivedEvent } from '../support/sse'
// The run lifecycle on the real engine: stop, time limit, restart, late joiners, hardening, prewarm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { managedFilter } from '../../shared/labels'
import { docker, expectNothingLeft } from '../support/engine'
import { post, startServer } from '../support/server'
import { openEvents, outputOf, runEnded } from '../support/sse'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

const postTo = (path: string, json?: unknown) => post(`${server.url}/api${path}`, json)
const events = (id: string) => openEvents(`${server.url}/api/demos/${id}/events`)
/** True once run `runId` printed `text` (a subscriber first gets the previous run's history). */
function sawText(text: string, runId: string) {
  return (_e: ReceivedEvent, all: ReceivedEvent[]) => {
    const start = all.findIndex(e => e.event === 'run' && e.data.runId === runId)
    return start >= 0 && outputOf(all.slice(start), 'stdout').includes(text)
  }
}
async function start(id: string): Promise<string> {
  const res = await postTo(`/demos/${id}/run`)
  expect(res.status).toBe(202)
  return (await res.json() as { runId: string }).runId
}

describe('run lifecycle', () => {
  it('stop kills a running demo: state stopped, exit 137, container removed', async () => {
    const stream = await events('ticker')
    await stream.until(sawText('tick 2', await start('ticker')))
    const res = await postTo('/demos/ticker/stop')
    expect(res.status).toBe(200)
    const { run } = await res.json() as { run: { state: string, exitCode: number, states: { state: string, at: number }[] } }
    expect(run.state).toBe('stopped')
    expect(run.exitCode).toBe(137)
    expect(run.states.map(s => s.state)).toEqual([
      'queued',
      'creating',
      'running',
      'stopped',
    ])
    expect(run.states.every((s, i) => i === 0 || s.at >= run.states[i - 1]!.at)).toBe(true)
    const rest = await stream.until(runEnded)
    stream.close()
    expect(rest.at(-1)).toMatchObject({
      event: 'exit',
      data: { stopped: true, code: 137, reason: 'stopped by the speaker' },
    })
    await expectNothingLeft()
  })

  it('stop with nothing running answers 200 and changes nothing', async () => {
    const res = await postTo('/demos/volume-outlives/stop')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ run: null })
  })

  it('the time limit stops a runaway container', async () => {
    const stream = await events('runaway')
    await postTo('/demos/runaway/run')
    const all = await stream.until(runEnded)
    stream.close()
    expect(outputOf(all, 'stdout')).toBe('I will never stop on my own\n')
    expect(all.at(-1)).toMatchObject({
      event: 'exit',
      data: { stopped: true, reason: 'time limit of 3 s reached' },
    })
    await expectNothingLeft()
  })

  it('run while running restarts cleanly: the first run ends stopped, then a new run begins', async () => {
    const stream = await events('ticker')
    const first = await start('ticker')
    await stream.until(sawText('tick 1', first))
    const second = await start('ticker')
    expect(second).not.toBe(first)
    const all = await stream.until(sawText('tick 1', second))
    const secondStart = all.findIndex(e => e.event === 'run' && e.data.runId === second)
    expect(all.slice(0, secondStart).findLast(runEnded)).toMatchObject({
      event: 'exit',
      data: { stopped: true, reason: 'restarted' },
    })
    const existing = await docker.listContainers({ all: true, filters: managedFilter })
    expect(existing).toHaveLength(1) // never two runs of one demo at once
    await postTo('/demos/ticker/stop')
    await stream.until(runEnded)
    stream.close()
    await expectNothingLeft()
  })
})

describe('one stream, every viewer', () => {
  it('two subscribers see identical sequences, and a late joiner gets the history first', async () => {
    const a = await events('lifecycle')
    const b = await events('lifecycle')
    const midway = await a.until(sawText('started as PID 1', await start('lifecycle')))
    const late = await events('lifecycle')
    const restA = await a.until(runEnded)
    const allB = await b.until(runEnded)
    const allLate = await late.until(runEnded)
    for (const s of [a, b, late]) s.close()
    const seqA = [
      ...midway,
      ...restA,
    ].map(e => [
      e.seq,
      e.event,
      JSON.stringify(e.data),
    ])
    expect(allB.map(e => [
      e.seq,
      e.event,
      JSON.stringify(e.data),
    ])).toEqual(seqA)
    expect(allLate.map(e => [
      e.seq,
      e.event,
      JSON.stringify(e.data),
    ])).toEqual(seqA)
  })

  it('the history of a finished run is replayed to a new subscriber', async () => {
    const stream = await events('lifecycle')
    const history = await stream.until(runEnded)
    stream.close()
    expect(history[0]!.event).toBe('run')
    expect(outputOf(history, 'stdout')).toContain('got SIGTERM, bye')
  })
})

describe('hardening', () => {
  it('runs containers locked down: no privileges, all caps dropped, limits, read-only, no network', async () => {
    const stream = await events('ticker')
    await stream.until(sawText('tick 1', await start('ticker')))
    // Output can arrive before the engine flips the state to running, so list all states.
    const [summary] = await docker.listContainers({ all: true, filters: managedFilter })
    const info = await docker.getContainer(summary!.Id).inspect()
    await postTo('/demos/ticker/stop')
    await stream.until(runEnded)
    stream.close()
    expect(info.HostConfig.Privileged).toBe(false)
    expect(info.HostConfig.CapDrop).toEqual(['ALL'])
    expect(info.HostConfig.SecurityOpt).toContain('no-new-privileges')
    expect(info.HostConfig.ReadonlyRootfs).toBe(true)
    expect(info.HostConfig.NetworkMode).toBe('none')
    expect(info.HostConfig.Memory).toBe(64 * 1024 * 1024)
    expect(info.HostConfig.PidsLimit).toBe(64)
    expect(info.HostConfig.NanoCpus).toBe(500_000_000)
    expect(info.Config.Labels).toMatchObject({ 'docker-talk.managed': 'true', 'docker-talk.demo': 'ticker' })
    expect(info.Name).toMatch(/^\/talk-ticker-0-[0-9a-f]{8}$/)
  })
})

describe('prewarm', () => {
  it('creates the container ahead of the click; Run starts that very container', async () => {
    const res = await postTo('/prewarm', {
      demos: ['hello'],
    })
    expect(await res.json()).toEqual({
      prewarmed: ['hello'],
    })
    const [created] = await docker.listContainers({ all: true, filters: managedFilter })
    expect(created!.State).toBe('created')
    expect(created!.Names).toEqual([
      expect.stringMatching(/^\/talk-hello-prewarmed-[0-9a-f]{8}$/),
    ])
    const health = await (await fetch(`${server.url}/api/health`)).json() as { prewarmed: string[] }
    expect(health.prewarmed).toEqual(['hello'])
    const stream = await events('hello')
    await postTo('/demos/hello/run')
    const all = await stream.until(runEnded)
    stream.close()
    expect(outputOf(all, 'stdout').split('\n')[1]).toBe(created!.Id.slice(0, 12)) // its hostname
    await expectNothingLeft()
  })

  it('keeps only the demos it was last given: the slide left behind loses its container', async () => {
    expect(await (await postTo('/prewarm', {
      demos: ['hello', 'ticker'],
    })).json()).toEqual({
      prewarmed: ['hello', 'ticker'],
    })
    const demosOf = async (): Promise<string[]> => (await docker.listContainers({ all: true, filters: managedFilter })).map(c => c.Labels['docker-talk.demo']!).sort()
    expect(await demosOf()).toEqual(['hello', 'ticker'])
    // lifecycle does not begin with docker run: nothing to prewarm.
    expect(await (await postTo('/prewarm', {
      demos: ['ticker', 'lifecycle'],
    })).json()).toEqual({
      prewarmed: ['ticker'],
    })
    expect(await demosOf()).toEqual(['ticker'])
    expect(await (await postTo('/prewarm', { demos: [] })).json()).toEqual({ prewarmed: [] })
    await expectNothingLeft()
  })

  it('refuses what is not a short list of catalog demos', async () => {
    expect((await postTo('/prewarm', {
      demos: ['nope'],
    })).status).toBe(404)
    for (const body of [
      {},
      { demos: 'hello' },
      {
        demos: [1],
      },
      {
        demos: Array.from({ length: 5 }).fill('hello'),
      },
    ]) {
      const res = await postTo('/prewarm', body)
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: 'body must be {"demos": [up to 4 demo ids]}' })
    }
  })
})

describe('bad input', () => {
  it('refuses a foreign Origin and a foreign Host with 403 JSON', async () => {
    const foreignOrigin = await fetch(`${server.url}/api/demos/hello/run`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
    })
    expect(foreignOrigin.status).toBe(403)
    expect(await foreignOrigin.json()).toEqual({ error: 'refused: cross-origin request from http://evil.example' })
    // fetch will not let a page forge Host; a DNS-rebinding page arrives with its own name as Host.
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/health`, {
        headers: { host: 'rebind.evil.example' },
      }, res => resolve(res.statusCode!))
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(403)
  })

  it('answers malformed and oversized bodies with 4xx JSON', async () => {
    const malformed = await fetch(`${server.url}/api/prewarm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"oops"',
    })
    expect(malformed.status).toBe(400)
    expect((await malformed.json() as { error: string }).error).toMatch(/bad request body/)
    const oversized = await fetch(`${server.url}/api/demos/hello/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pad: 'x'.repeat(10_000),
      }),
    })
    expect(oversized.status).toBe(413)
    expect(await oversized.json()).toEqual({ error: 'request body too large' })
  })

  it('answers unknown endpoints and ids with 404 JSON', async () => {
    const unknown = await fetch(`${server.url}/api/nope`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ error: 'no such endpoint: GET /api/nope' })
    const events404 = await fetch(`${server.url}/api/demos/%2e%2e/events`)
    expect(events404.status).toBe(404)
  })
})
