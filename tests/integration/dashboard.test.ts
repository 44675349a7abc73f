import type { EventReader } from '../../server/http/sse'
import type { DashboardContainer, DashboardEvents, Sent } from '../../shared/protocol'
import type { TestServer } from '../support/server'
// The dashboard's server side on the real engine: lists pushed on engine events, and stop/remove
// allowed only on this talk's own containers.
import { get } from 'node:http'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEvents } from '../../server/http/sse'
import { instance, INSTANCE_LABEL, LABEL, labelConditions, labelsFor } from '../../shared/labels'
import { docker } from '../support/engine'
import { post, startServer } from '../support/server'

let server: TestServer
let feed: EventReader<DashboardEvents>
beforeAll(async () => {
  server = await startServer()
  feed = await openEvents<DashboardEvents>(`${server.url}/api/engine/events`)
})
afterAll(async () => {
  feed?.close()
  await server?.close()
})

function containersMatching(match: (cs: DashboardContainer[]) => boolean) {
  return (e: Sent<DashboardEvents>): boolean => e.event === 'containers' && match(e.data)
}

/** The latest list of one kind among the events read. */
function lastOf<K extends keyof DashboardEvents>(events: Sent<DashboardEvents>[], kind: K): DashboardEvents[K] {
  const e = events.findLast(e => e.event === kind)
  if (!e)
    throw new Error(`no ${kind} event`)
  return e.data as DashboardEvents[K]
}

describe('engine dashboard feed', () => {
  it('sends the engine state and every list first', async () => {
    const seen = new Set<string>()
    const events = await feed.until((e) => {
      seen.add(e.event)
      return [
        'engine',
        'containers',
        'images',
        'volumes',
        'networks',
      ].every(k => seen.has(k))
    })
    expect(events.find(e => e.event === 'engine')!.data).toEqual({ reachable: true })
    const images = lastOf(events, 'images')
    const busybox = images.find(i => i.tags.includes('talk/busybox:latest'))!
    expect(busybox.size).toBeGreaterThan(1_000_000)
    expect(busybox.layers).toBeGreaterThan(0)
    const networks = lastOf(events, 'networks')
    expect(networks.map(n => n.name)).toContain('bridge')
  })

  it('leaves out containers created ahead of a click (prewarmed)', async () => {
    const prewarm = (demos: string[]) => fetch(`${server.url}/api/prewarm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ demos }),
    })
    expect(await (await prewarm(['hello'])).json()).toEqual({
      prewarmed: ['hello'],
    })
    // A list that shows a container created after the prewarmed one was made with it on the engine.
    const marker = await docker.createContainer({
      Image: 'talk/busybox',
      Cmd: ['true'],
      name: `talk-dashboard-marker-${process.pid}`,
      HostConfig: { NetworkMode: 'none' },
    })
    try {
      const lists = await feed.until(containersMatching(cs => cs.some(c => c.id === marker.id)))
      const shown = lists.at(-1)!.data as DashboardContainer[]
      expect(shown.filter(c => c.ours && c.demo === 'hello')).toEqual([])
      expect((await docker.listContainers({
        all: true,
        filters: {
          label: labelConditions({ demo: 'hello' }),
        },
      })).map(c => c.Names[0])).toEqual([
        expect.stringMatching(/^\/talk-hello-prewarmed-/),
      ])
    }
    finally {
      await marker.remove({ force: true })
      await prewarm([])
    }
  })

  it('pushes a demo container when it starts and drops it when it is removed', async () => {
    const started = Date.now()
    expect((await post(`${server.url}/api/demos/ticker/run`)).status).toBe(202)
    const running = await feed.until(containersMatching(cs => cs.some(c => c.demo === 'ticker' && c.state === 'running')))
    const ticker = lastOf(running, 'containers').find(c => c.demo === 'ticker')!
    expect(ticker).toMatchObject({ ours: true, image: 'talk/busybox' })
    expect(ticker.startedAt).toBeGreaterThanOrEqual(started - 1000)
    expect(ticker.name).toMatch(/^talk-ticker-/)

    // Another talk instance's container (or anyone's) is shown but never touched.
    const foreign = await docker.createContainer({
      Image: 'talk/busybox',
      Cmd: ['true'],
      Labels: { 'docker-talk.managed': 'true', 'docker-talk.instance': 'someone-else' },
      HostConfig: { NetworkMode: 'none' },
    })
    try {
      const refused = await post(`${server.url}/api/engine/containers/${foreign.id}/remove`)
      expect(refused.status).toBe(403)
      expect(await refused.json()).toEqual({ error: 'refused: this container was not made by this talk' })
      expect((await post(`${server.url}/api/engine/containers/${foreign.id}/stop`)).status).toBe(403)
      expect((await foreign.inspect()).Id).toBe(foreign.id)
    }
    finally {
      await foreign.remove({ force: true })
    }
    expect((await post(`${server.url}/api/engine/containers/no-such-container-here/stop`)).status).toBe(404)
    expect((await post(`${server.url}/api/engine/containers/${encodeURIComponent('../../x')}/stop`)).status).toBe(400)
    const crossSite = await fetch(`${server.url}/api/engine/containers/${ticker.id}/stop`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example' },
    })
    expect(crossSite.status).toBe(403)

    // Its own container the dashboard may stop: the run ends and removes it, and the feed says so.
    expect((await post(`${server.url}/api/engine/containers/${ticker.id}/stop`)).status).toBe(200)
    await feed.until(containersMatching(cs => !cs.some(c => c.id === ticker.id)))
  })

  it('refuses a foreign Origin or Host on the feed', async () => {
    expect((await fetch(`${server.url}/api/engine/events`, {
      headers: { Origin: 'http://evil.example' },
    })).status).toBe(403)
    // fetch may not set Host: a plain request can, as a DNS-rebinding page's would arrive.
    const status = await new Promise<number>((resolve, reject) => {
      get(`${server.url}/api/engine/events`, {
        headers: { Host: 'evil.example' },
      }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      }).on('error', reject)
    })
    expect(status).toBe(403)
  })
})

describe('with no engine', () => {
  it('says the engine is unreachable instead of hanging', async () => {
    const down = await startServer({
      docker: new Docker({ socketPath: '/nonexistent/docker.sock' }),
    })
    const events = await openEvents(`${down.url}/api/engine/events`)
    try {
      const [first] = await events.until(() => true)
      expect(first).toMatchObject({
        event: 'engine',
        data: {
          reachable: false,
          error: expect.stringContaining('Docker engine not reachable'),
        },
      })
    }
    finally {
      events.close()
      await down.close()
    }
  })
})

describe('a window that may only watch', () => {
  it('gets this talk\'s objects only; the presenter gets the whole engine', async () => {
    // Hosted: no window is trusted by its address, so one without the secret only watches.
    const hosted = await startServer({ hosted: true })
    const other = await docker.createContainer({
      Image: 'talk/busybox',
      Cmd: ['true'],
      Labels: { [LABEL]: 'true', [INSTANCE_LABEL]: `not-${instance}` },
    })
    const ours = await docker.createContainer({
      Image: 'talk/busybox',
      Cmd: ['true'],
      Labels: labelsFor('hello', 'watchers-test'),
    })
    try {
      const lists = async (headers: Record<string, string>) => {
        const reader = await openEvents<DashboardEvents>(`${hosted.url}/api/engine/events`, headers)
        const seen = new Map<string, unknown>()
        await reader.until((e) => {
          seen.set(e.event, e.data)
          return [
            'containers',
            'images',
            'volumes',
            'networks',
          ].every(k => seen.has(k))
        })
        reader.close()
        return seen as Map<string, { id?: string, name?: string, ours: boolean }[]>
      }
      const watcher = await lists({})
      expect(watcher.get('containers')!.map(c => c.id)).toEqual([ours.id])
      expect(watcher.get('networks')!.map(n => n.name)).not.toContain('bridge')
      for (const kind of ['images', 'volumes', 'networks']) expect(watcher.get(kind)!.every(o => o.ours)).toBe(true)
      expect(watcher.get('images')!.length).toBeGreaterThan(0)
      const presenter = await lists({ 'x-presenter-secret': hosted.runtime.presenterSecret })
      expect(presenter.get('containers')!.map(c => c.id)).toEqual(expect.arrayContaining([ours.id, other.id]))
      expect(presenter.get('networks')!.map(n => n.name)).toContain('bridge')
    }
    finally {
      await Promise.all([other, ours].map(c => c.remove({ force: true })))
      await hosted.close()
    }
  })
})
