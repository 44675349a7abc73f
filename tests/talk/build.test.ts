import type { TestServer } from '../support/server'
import type { ReceivedEvent } from '../support/sse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docker } from '../support/engine'
import { startServer } from '../support/server'
import { exitOf, outputOf, runToEnd } from '../support/sse'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

function builds(events: ReceivedEvent[]) {
  return events.flatMap(e => e.event === 'build'
    ? [e.data]
    : [])
}
/** The run's last build event, which says what it built. */
function built(events: ReceivedEvent[]) {
  const done = builds(events).at(-1)
  if (done?.phase !== 'done')
    throw new Error(`no image built: ${JSON.stringify(done)}; the run ended ${JSON.stringify(events.at(-1))}, its stderr: ${outputOf(events, 'stderr')}`)
  return done
}

describe('image builds on the real engine', () => {
  let builtId = ''

  it('image-build: through BuildKit, every RUN runs (no cache) and is timed, steps as [n/total], then the image id and size', async () => {
    const events = await runToEnd(server.url, 'image-build')
    expect(exitOf(events).code).toBe(0)
    expect(events.find(e => e.event === 'step')?.data).toMatchObject({ cli: 'docker build --no-cache -t talk/build-demo demos/images/build-demo' })
    const progress = builds(events)
    // Both engines of the suite (20.10 and 28) have BuildKit: `docker build` would use it.
    expect(progress[0]).toEqual({ phase: 'builder', image: 'talk/build-demo', builder: 'buildkit' })
    const steps = progress.flatMap(p => p.phase === 'step'
      ? [p]
      : []).sort((a, b) => a.step - b.step)
    expect(steps.length).toBeGreaterThanOrEqual(4)
    expect(steps.map(s => s.step)).toEqual(steps.map((_, i) => i + 1))
    expect(new Set(steps.map(s => s.total))).toEqual(new Set([steps.length]))
    expect(steps[0]!.instruction).toMatch(/^FROM (docker\.io\/)?talk\/busybox/)
    const runs = steps.filter(s => s.instruction.startsWith('RUN ')).map(s => s.step)
    expect(runs.length).toBe(2)
    // --no-cache: the RUN steps really run, each with its time (they sleep 1 s each).
    expect(progress.filter(p => p.phase === 'cached' && runs.includes(p.step))).toEqual([])
    const timed = progress.flatMap(p => p.phase === 'finished' && runs.includes(p.step)
      ? [p]
      : [])
    expect(timed.map(t => t.step).sort()).toEqual(runs)
    for (const t of timed) expect(t.seconds).toBeGreaterThanOrEqual(1)
    const done = built(events)
    expect(done.id).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(done.size).toBeGreaterThan(1_000_000)
    // The text as `docker build --progress=plain` prints it is on stdout as well.
    const out = outputOf(events, 'stdout')
    expect(out).toMatch(/^#\d+ \[1\/\d+\] FROM (docker\.io\/)?talk\/busybox/m)
    expect(out).toMatch(/^#\d+ DONE \d+\.\ds$/m)
    expect(out).not.toContain('DEPRECATED')
    const image = await docker.getImage('talk/build-demo').inspect()
    expect(image.Id).toBe(done.id)
    expect(image.Size).toBe(done.size)
    // docker history: a row per instruction after FROM (7; BuildKit adds none for the API's labels),
    // a layer for COPY, each RUN and the WORKDIR that makes /srv (BuildKit's WORKDIR makes the dir).
    const [history, busybox] = await Promise.all([
      docker.getImage('talk/build-demo').history(),
      docker.getImage('talk/busybox').history(),
    ])
    expect(history.length - busybox.length).toBe(7)
    const busyboxLayers = (await docker.getImage('talk/busybox').inspect()).RootFS.Layers ?? []
    expect((image.RootFS.Layers ?? []).length - busyboxLayers.length).toBe(4)
    builtId = done.id
  })

  it('image-rebuild: the same build takes every step after FROM from the cache and yields the same image', async () => {
    const events = await runToEnd(server.url, 'image-rebuild')
    expect(exitOf(events).code).toBe(0)
    const progress = builds(events)
    const steps = progress.flatMap(p => p.phase === 'step'
      ? [p]
      : []).map(s => s.step).sort()
    const cached = progress.flatMap(p => p.phase === 'cached'
      ? [p.step]
      : []).sort()
    expect(cached).toEqual(steps.filter(s => s !== 1))
    expect(outputOf(events, 'stdout')).toMatch(/^#\d+ CACHED$/m)
    expect(built(events).id).toBe(builtId)
  })

  it('each rebuild replaces its talk/build-demo image: the one it replaced is removed, no other is added', async () => {
    const labelled = async (): Promise<string[]> => (await docker.listImages({
      filters: JSON.stringify({
        label: ['docker-talk.image=talk/build-demo'],
      }),
    })).map(i => i.Id).sort()
    // Compared with what was there before (an engine may hold other builds of the site, e.g. an
    // old dangling one), so the test counts only what this rebuild did.
    const others = (await labelled()).filter(id => id !== builtId)
    const before = await runToEnd(server.url, 'image-build')
    const newId = built(before).id
    expect(newId).not.toBe(builtId)
    await expect(docker.getImage(builtId).inspect()).rejects.toMatchObject({ statusCode: 404 })
    expect(await labelled()).toEqual([...others, newId].sort())
  })
})
