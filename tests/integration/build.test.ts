import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docker } from '../support/engine'
import type { TestServer } from '../support/server'
import { startServer } from '../support/server'
import type { ReceivedEvent } from '../support/sse'
import { exitOf, outputOf, runToEnd } from '../support/sse'

let server: TestServer
beforeAll(async () => { server = await startServer() })
afterAll(async () => { await server.close() })

const builds = (events: ReceivedEvent[]) => events.flatMap(e => e.event === 'build' ? [e.data] : [])
/** The run's last build event, which says what it built. */
const built = (events: ReceivedEvent[]) => {
  const done = builds(events).at(-1)
  if (done?.phase !== 'done') throw new Error(`no image built: ${JSON.stringify(done)}`)
  return done
}

describe('image builds on the real engine', () => {
  let builtId = ''

  it('image-build: every step runs (no cache), streamed as step n/total, then the image id and size', async () => {
    const events = await runToEnd(server.url, 'image-build')
    expect(exitOf(events).code).toBe(0)
    const progress = builds(events)
    const steps = progress.filter(p => p.phase === 'step')
    expect(steps.length).toBeGreaterThanOrEqual(5)
    expect(steps.map(s => s.step)).toEqual(steps.map((_, i) => i + 1))
    expect(new Set(steps.map(s => s.total))).toEqual(new Set([steps.length]))
    expect(steps[0]!.instruction).toBe('FROM talk/busybox')
    expect(steps.some(s => s.instruction.startsWith('RUN '))).toBe(true)
    expect(progress.filter(p => p.phase === 'cached')).toEqual([])
    const done = built(events)
    expect(done.id).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(done.size).toBeGreaterThan(1_000_000)
    // The text as `docker build` prints it is on stdout as well.
    expect(outputOf(events, 'stdout')).toMatch(/Step 1\/\d+ : FROM talk\/busybox/)
    const image = await docker.getImage('talk/build-demo').inspect()
    expect(image.Id).toBe(done.id)
    expect(image.Size).toBe(done.size)
    builtId = done.id
  })

  it('image-rebuild: the same build takes every step after FROM from the cache and yields the same image', async () => {
    const events = await runToEnd(server.url, 'image-rebuild')
    expect(exitOf(events).code).toBe(0)
    const progress = builds(events)
    const steps = progress.filter(p => p.phase === 'step')
    const cached = progress.filter(p => p.phase === 'cached').map(p => p.step)
    // Metadata-only steps (WORKDIR, EXPOSE, USER, CMD) and layers alike are cache hits.
    expect(cached).toEqual(steps.slice(1).map(s => s.step))
    expect(outputOf(events, 'stdout')).toContain('Using cache')
    expect(built(events).id).toBe(builtId)
  })

  it('each rebuild leaves exactly one talk/build-demo image: the one it replaced is removed', async () => {
    const before = await runToEnd(server.url, 'image-build')
    const newId = built(before).id
    expect(newId).not.toBe(builtId)
    await expect(docker.getImage(builtId).inspect()).rejects.toMatchObject({ statusCode: 404 })
    const tagged = await docker.listImages({ filters: JSON.stringify({ label: ['docker-talk.image=talk/build-demo'] }) })
    expect(tagged.map(i => i.Id)).toEqual([newId])
  })
})
