import type { TestServer } from '../support/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNothingLeft } from '../support/engine'
import { post, startServer } from '../support/server'
import { openEvents, outputOf, runEnded } from '../support/sse'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

describe('hello demo on the real engine', () => {
  it('streams its lines in order, stderr apart, exit 0, and leaves no container', async () => {
    const events = await openEvents(`${server.url}/api/demos/hello/events`)
    const res = await post(`${server.url}/api/demos/hello/run`)
    expect(res.status).toBe(202)
    const { runId } = await res.json() as { runId: string }
    const all = await events.until(runEnded)
    events.close()

    expect(all[0]).toMatchObject({
      event: 'run',
      data: { runId, demoId: 'hello' },
    })
    const lines = outputOf(all, 'stdout').split('\n')
    expect(lines[0]).toBe('hi there')
    expect(lines[1]).toMatch(/^[0-9a-f]{12}$/) // the hostname is the container id
    expect(lines[2]).toMatch(/^PID\s+USER\s+COMMAND$/)
    expect(lines[3]).toMatch(/^\s+1 root\s+(?:\S.*)?ps/) // the only process, and it is PID 1
    expect(lines).toHaveLength(5) // the final newline
    expect(outputOf(all, 'stderr')).toBe('')
    expect(all.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0, oomKilled: false, stopped: false },
    })
    const states = all.filter(e => e.event === 'status').map(e => e.data.state)
    expect(states).toEqual([
      'queued',
      'creating',
      'running',
      'exited',
    ])
    await expectNothingLeft()
  })

  it('lists the demo with its CLI line', async () => {
    const demos = await (await fetch(`${server.url}/api/demos`)).json() as { id: string, cli: string[] }[]
    expect(demos.find(d => d.id === 'hello')?.cli).toEqual([`docker run --rm talk/busybox sh -c 'echo hi there; hostname; ps'`])
  })

  it('reports the engine in health', async () => {
    const health = await (await fetch(`${server.url}/api/health`)).json() as { engine: { reachable: boolean, version: string }, ready: string[] }
    expect(health.engine.reachable).toBe(true)
    expect(health.engine.version).toMatch(/\d+\.\d+/)
    expect(health.ready).toContain('hello')
  })

  it('answers an unknown demo with 404 JSON', async () => {
    const res = await post(`${server.url}/api/demos/no-such-demo/run`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'unknown demo "no-such-demo"' })
  })
})

describe('with the engine down', () => {
  let down: TestServer
  beforeAll(async () => {
    const { default: Docker } = await import('dockerode')
    down = await startServer({
      docker: new Docker({ socketPath: '/nonexistent/docker.sock' }),
    })
  })
  afterAll(async () => {
    await down.close()
  })

  it('health says so', async () => {
    const health = await (await fetch(`${down.url}/api/health`)).json() as { engine: { reachable: boolean, error: string } }
    expect(health.engine.reachable).toBe(false)
    expect(health.engine.error).toMatch(/not reachable/)
  })
})
