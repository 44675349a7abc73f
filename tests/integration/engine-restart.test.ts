import type { ServerProcess } from '../../scripts/server-process'
import type { PrivateEngine } from '../support/privateEngine'
import type { ReceivedEvent } from '../support/sse'
// The engine dies or hangs mid-run, on a private dockerd (the shared one is never stopped): the
// server stays up, the run ends failed with a message a speaker can act on, health says the engine
// is down, and once dockerd is back the next run works and nothing of the failed run is left.
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX, imageDef } from '../../demos/images'
import { buildImage } from '../../demos/toolchain/build'
import { spawnServer } from '../../scripts/server-process'
import { managedFilter } from '../../shared/labels'
import { startPrivateEngine } from '../support/privateEngine'
import { post } from '../support/server'
import { openEvents, outputOf, runEnded, runToEnd } from '../support/sse'

const hasDocker0 = (): boolean => execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' }).split('\n').some(l => l.startsWith('docker0 '))
const docker0Before = hasDocker0()

let engine: PrivateEngine | undefined
let server: ServerProcess | undefined
beforeAll(async () => {
  engine = await startPrivateEngine()
  // ticker and hello need only busybox; the other demo images would only slow this down.
  await buildImage(engine.docker, imageDef(BUSYBOX)!, () => {})
  server = await spawnServer({ DOCKER_HOST: engine.host })
})
afterAll(async () => {
  // The engine goes first: the server's shutdown sweep then fails at once rather than wait on it.
  await engine?.remove()
  if (server && server.child.exitCode === null)
    await server.signal('SIGTERM')
  // The private engine used a bridge of its own: the shared engine's docker0 is as it was.
  expect(hasDocker0()).toBe(docker0Before)
}, 90_000)

interface Health { engine: { reachable: boolean, error?: string } }
const health = async (): Promise<Health> => (await fetch(`${server!.url}/api/health`)).json() as Promise<Health>
/** True once run `runId` printed `text` (a subscriber first gets the previous run's history). */
function sawText(text: string, runId: string) {
  return (_e: ReceivedEvent, all: ReceivedEvent[]) => {
    const start = all.findIndex(e => e.event === 'run' && e.data.runId === runId)
    return start >= 0 && outputOf(all.slice(start), 'stdout').includes(text)
  }
}

describe('the engine stops mid-run', () => {
  it('ends the run failed, says so in health, keeps answering, and runs again once dockerd is back', async ({ onTestFailed }) => {
    const { url } = server!
    onTestFailed(() => console.error(`server output:\n${server!.output()}`))
    expect((await health()).engine.reachable).toBe(true)
    const stream = await openEvents(`${url}/api/demos/ticker/events`)
    const res = await post(`${url}/api/demos/ticker/run`)
    expect(res.status).toBe(202)
    const { runId } = await res.json() as { runId: string }
    await stream.until(sawText('tick 1', runId))

    await engine!.stop('SIGKILL')
    const end = (await stream.until(runEnded)).at(-1)!
    stream.close()
    const message = new RegExp(`^Docker engine not reachable at ${engine!.host} \\((ECONNRESET|ECONNREFUSED|ENOENT|EPIPE)\\) during the run$`)
    expect(end).toMatchObject({
      event: 'error',
      data: {
        error: expect.stringMatching(message),
      },
    })
    const run = await (await fetch(`${url}/api/demos/ticker`)).json() as { run: { state: string, error: string } }
    expect(run.run).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(message),
    })

    // Down, and the server says so on every route a deck uses, without hanging.
    expect((await health()).engine).toMatchObject({
      reachable: false,
      error: expect.stringContaining(engine!.host),
    })
    expect((await fetch(`${url}/api/demos`)).status).toBe(200)
    // Run now plays the demo's recording instead.
    const replayed = await post(`${url}/api/demos/hello/run`)
    expect(replayed.status).toBe(202)
    const replay = await (await fetch(`${url}/api/demos/hello`)).json() as { run: { runId: string, replay?: unknown } }
    expect(replay.run).toMatchObject({
      runId: (await replayed.json() as { runId: string }).runId,
      replay: { reason: 'engine offline' },
    })
    expect(server!.child.exitCode).toBeNull()

    await engine!.start()
    // The socket answers once dockerd listens; each try is a real request, bounded in number.
    let last = await health()
    for (let i = 0; i < 20 && !last.engine.reachable; i++) last = await health()
    expect(last.engine).toMatchObject({ reachable: true })

    const events = await runToEnd(url, 'hello')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
    expect(outputOf(events, 'stdout')).toMatch(/^hi there\n/)
    // The killed run's container was swept before the new run started.
    expect(await engine!.docker.listContainers({ all: true, filters: managedFilter })).toEqual([])
    expect(server!.output()).not.toContain('unexpected error')
  })

  it('a hung engine mid-run: Stop still ends the run, says why, and its container goes once the engine answers', async ({ onTestFailed }) => {
    const { url } = server!
    onTestFailed(() => console.error(`server output:\n${server!.output()}`))
    const stream = await openEvents(`${url}/api/demos/ticker/events`)
    const { runId } = await (await post(`${url}/api/demos/ticker/run`)).json() as { runId: string }
    await stream.until(sawText('tick 1', runId))

    engine!.hang()
    let stop: Response
    try {
      // The kill Stop sends is never answered; Stop answers all the same, after its grace.
      stop = await post(`${url}/api/demos/ticker/stop`)
    }
    finally {
      engine!.resume()
    }
    const message = 'Docker engine did not answer within 5 s of the stop; the run\'s containers are removed once it answers'
    expect(stop.status).toBe(200)
    expect(await stop.json()).toMatchObject({
      run: { runId, state: 'failed', error: message },
    })
    expect((await stream.until(runEnded)).at(-1)).toMatchObject({
      event: 'error',
      data: { error: message },
    })
    stream.close()

    // The next run first sweeps what the abandoned one left; then nothing of either is on the engine.
    const events = await runToEnd(url, 'hello')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
    expect(await engine!.docker.listContainers({ all: true, filters: managedFilter })).toEqual([])
    expect(server!.output()).not.toContain('unexpected error')
  })

  it('a hung engine: health says so within its limit, and SIGTERM still ends the server', async () => {
    const { url } = server!
    engine!.hang()
    try {
      expect((await health()).engine).toEqual({ reachable: false, error: 'Docker engine not reachable: no answer within 2000 ms' })
      // Cleanup waits for an engine that answers, not for a hung one: a speaker's Ctrl-C ends the
      // talk (the exit resolves, after cleanup gave up at its own 5 s limit).
      expect(await server!.signal('SIGTERM')).toBe(0)
      expect(server!.output()).toContain('cleanup at shutdown incomplete: Docker engine not reachable: no answer within 5000 ms')
    }
    finally {
      engine!.resume()
    }
    expect(await fetch(`${url}/api/health`).catch(() => 'gone')).toBe('gone')
  })
})
