// The standalone server as a process (`npm run server`, the bundle a speaker runs): leftovers of a
// crash removed at start, everything removed on SIGTERM mid-run, nothing but loopback by default,
// and the shell WebSocket served through the same handler and guard as in the deck's dev server.
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { BUSYBOX } from '../../demos/images'
import { spawnServer } from '../../scripts/server-process'
import { labelsFor } from '../../shared/labels'
import { docker, expectNothingLeft, managedObjects } from '../support/engine'
import { post } from '../support/server'
import { openEvents } from '../support/sse'

describe('standalone server process', () => {
  it('removes a crashed run\'s leftovers at start', async () => {
    const labels = labelsFor('hello', 'crashed-run')
    await docker.createContainer({
      Image: BUSYBOX,
      Cmd: ['true'],
      Labels: labels,
    })
    await docker.createVolume({ Name: 'talk-leftover-volume', Labels: labels })
    await docker.createNetwork({ Name: 'talk-leftover-net', Labels: labels })
    expect(await managedObjects()).toEqual({ containers: 1, networks: 1, volumes: 1 })
    const server = await spawnServer()
    expect(server.output()).toContain('removed 3 leftover object(s)')
    await expectNothingLeft()
    expect(await server.signal('SIGTERM')).toBe(0)
  })

  it('a SIGTERM mid-run stops the demo and leaves no container, network or volume', async () => {
    const server = await spawnServer()
    const stream = await openEvents(`${server.url}/api/demos/network-dns/events`)
    expect((await post(`${server.url}/api/demos/ticker/run`)).status).toBe(202)
    expect((await post(`${server.url}/api/demos/network-dns/run`)).status).toBe(202)
    await stream.until(e => e.event === 'step' && e.data.index === 2) // network and web container exist
    stream.close()
    const during = await managedObjects()
    expect(during.containers).toBeGreaterThanOrEqual(2)
    expect(during.networks).toBe(1)
    expect(await server.signal('SIGTERM')).toBe(0)
    expect(server.output()).toContain('SIGTERM: stopping demos')
    await expectNothingLeft()
  })

  it('listens on 127.0.0.1 by default and serves the API there', async () => {
    const server = await spawnServer({ HOST: '' })
    try {
      expect(server.output()).toContain('API on http://127.0.0.1:')
      const health = await (await fetch(`${server.url}/api/health`)).json() as { engine: { reachable: boolean } }
      expect(health.engine.reachable).toBe(true)
    }
    finally {
      await server.signal('SIGINT')
    }
  })

  it('reaches the engine named by DOCKER_HOST', async () => {
    const good = await spawnServer({ DOCKER_HOST: 'unix:///var/run/docker.sock' })
    const bad = await spawnServer({ DOCKER_HOST: 'unix:///tmp/no-engine-here.sock' })
    try {
      const ok = await (await fetch(`${good.url}/api/health`)).json() as { engine: { reachable: boolean } }
      const down = await (await fetch(`${bad.url}/api/health`)).json() as { engine: { reachable: boolean, error: string } }
      expect(ok.engine.reachable).toBe(true)
      expect(down.engine).toMatchObject({ reachable: false, error: 'Docker engine not reachable at unix:///tmp/no-engine-here.sock (ENOENT)' })
      // With no engine there, Run plays the demo's recording.
      const run = await post(`${bad.url}/api/demos/hello/run`)
      expect(run.status).toBe(202)
      const shown = await (await fetch(`${bad.url}/api/demos/hello`)).json() as { run: { replay?: { reason: string } } }
      expect(shown.run.replay).toMatchObject({ reason: 'engine offline' })
    }
    finally {
      await Promise.all([
        good.signal('SIGTERM'),
        bad.signal('SIGTERM'),
      ])
    }
  })

  it('upgrades the shell socket for the deck and refuses a foreign Origin or Host', async () => {
    const server = await spawnServer()
    const upgrade = (headers: Record<string, string>): Promise<'open' | number> => new Promise((resolveResult) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/terminals/shell`, { headers })
      ws.on('error', () => {})
      ws.once('open', () => {
        resolveResult('open')
        ws.close()
      })
      ws.once('unexpected-response', (req, res) => {
        resolveResult(res.statusCode ?? 0)
        req.destroy()
      })
    })
    try {
      expect(await upgrade({})).toBe('open')
      expect(await upgrade({ Origin: 'http://evil.example' })).toBe(403)
      expect(await upgrade({ Host: 'evil.example' })).toBe(403)
    }
    finally {
      await server.signal('SIGTERM')
    }
  })
})
