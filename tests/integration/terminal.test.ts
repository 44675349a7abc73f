// The shell WebSocket on the real engine: one session shared by every window, roles, hardening,
// cleanup, and the same Host/Origin checks as the HTTP API.
import type { AddressInfo } from 'node:net'
import type { ShellRecording } from '../../demos/shell-recording'
import type { TestServer } from '../support/server'
import { networkInterfaces } from 'node:os'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHELL_RECORDING_FORMAT, shellOutput } from '../../demos/shell-recording'
import { createRuntime } from '../../server/runtime'
import { docker } from '../support/engine'
import { post, startServer } from '../support/server'
import { Client, refusedStatus } from '../support/shellSocket'
import { openEvents, runEnded } from '../support/sse'

const shellFilter = JSON.stringify({
  label: [`docker-talk.demo=shell`, `docker-talk.instance=${process.env.TALK_INSTANCE ?? 'default'}`],
})
const shellContainers = () => docker.listContainers({ all: true, filters: shellFilter })

describe('shell sessions over WebSocket', () => {
  let server: TestServer
  let wsUrl: string
  beforeAll(async () => {
    server = await startServer()
    wsUrl = `${server.url.replace('http', 'ws')}/api/terminals/shell`
  })
  afterAll(async () => {
    await server?.close()
  })

  it('refuses a foreign Origin, a foreign Host and unknown terminals, like the HTTP API', async () => {
    expect(await refusedStatus(wsUrl, { Origin: 'http://evil.example' })).toBe(403)
    expect(await refusedStatus(wsUrl, { Host: 'evil.example:3030' })).toBe(403)
    expect(await refusedStatus(wsUrl.replace('/shell', '/nope'), {})).toBe(404)
    // The deck's own origin is accepted.
    const ok = await Client.open(wsUrl, { Origin: server.url })
    await ok.next(m => m.type === 'info')
    ok.close()
  })

  it('shares one session: the presenter window types, a deck window mirrors it read-only', async () => {
    const deck = await Client.open(wsUrl)
    deck.send({ type: 'hello', view: 'deck' })
    // Alone, a deck window controls.
    await deck.next(m => m.type === 'role' && m.role === 'control')
    const presenter = await Client.open(wsUrl)
    const demoted = deck.upcoming(m => m.type === 'role')
    presenter.send({ type: 'hello', view: 'presenter' })
    await presenter.next(m => m.type === 'role' && m.role === 'control')
    expect(await demoted).toMatchObject({ role: 'watch' })

    presenter.send({ type: 'resize', cols: 91, rows: 17 })
    await deck.next(m => m.type === 'size' && m.cols === 91 && m.rows === 17)
    presenter.send({ type: 'start' })
    await presenter.next(m => m.type === 'state' && m.state === 'running')
    // Type once the shell shows its prompt, as a person would.
    await presenter.outputMatching(/speaker@box:~\$ /)
    presenter.send({ type: 'input', data: 'echo $((6*7)); stty size\r' })
    await presenter.outputMatching(/\r\n42\r\n17 91\r\n/)
    await deck.outputMatching(/\r\n42\r\n17 91\r\n/)

    // The watcher's keys never reach the shell.
    const refused = deck.upcoming(m => m.type === 'error')
    deck.send({ type: 'input', data: 'echo typed-by-watcher\r' })
    expect(await refused).toMatchObject({ error: 'this window only watches the shell' })
    presenter.send({ type: 'input', data: 'echo marker-$((1+1))\r' })
    await deck.outputMatching(/marker-2/)
    expect(deck.output()).not.toContain('typed-by-watcher')

    // The presenter leaves: the deck window takes over.
    const promoted = deck.upcoming(m => m.type === 'role')
    presenter.close()
    expect(await promoted).toMatchObject({ role: 'control' })

    // A window joining late gets the history of the session.
    const late = await Client.open(wsUrl)
    await late.next(m => m.type === 'output' && m.data.includes('marker-2'))
    late.close()

    // The container is hardened and labelled.
    const [info] = await shellContainers()
    const c = await docker.getContainer(info!.Id).inspect()
    expect(c.HostConfig.CapDrop).toEqual(['ALL'])
    expect(c.HostConfig.SecurityOpt).toContain('no-new-privileges')
    expect(c.HostConfig.ReadonlyRootfs).toBe(true)
    expect(c.HostConfig.Privileged).toBe(false)
    expect(c.HostConfig.NetworkMode).toBe('none')
    expect(c.HostConfig.Memory).toBeGreaterThan(0)
    expect(c.HostConfig.PidsLimit).toBeGreaterThan(0)
    expect(c.Config.User).toBe('speaker')

    // `exit` ends the session for everyone and removes the container.
    deck.send({ type: 'input', data: 'exit\r' })
    expect(await deck.next(m => m.type === 'state' && m.state === 'ended')).toMatchObject({ message: 'the shell exited' })
    expect(await shellContainers()).toEqual([])
    deck.close()
  })

  it('a sweep of failed runs\' leftovers leaves a live shell alone', async () => {
    const c = await Client.open(wsUrl)
    c.send({ type: 'hello', view: 'presenter' })
    await c.next(m => m.type === 'role')
    c.send({ type: 'start' })
    await c.next(m => m.type === 'state' && m.state === 'running')
    const [before] = await shellContainers()
    // As after a run whose cleanup failed: the next Run sweeps leftovers first.
    ;(server.runtime.registry as unknown as { sweepPending: boolean }).sweepPending = true
    const events = await openEvents(`${server.url}/api/demos/hello/events`)
    expect((await post(`${server.url}/api/demos/hello/run`)).status).toBe(202)
    await events.until(runEnded)
    events.close()
    expect((await shellContainers()).map(x => x.Id)).toEqual([before!.Id])
    expect(server.runtime.terminals.session('shell')?.state).toBe('running')
    c.send({ type: 'end' })
    await c.next(m => m.type === 'state' && m.state === 'ended')
    c.close()
  })

  it('removes the container when the server shuts down mid-session', async () => {
    const own = await startServer()
    const c = await Client.open(`${own.url.replace('http', 'ws')}/api/terminals/shell`)
    c.send({ type: 'hello', view: 'presenter' })
    await c.next(m => m.type === 'role')
    c.send({ type: 'start' })
    await c.next(m => m.type === 'state' && m.state === 'running')
    expect((await shellContainers()).length).toBe(1)
    await own.close()
    expect(await shellContainers()).toEqual([])
  })
})

describe('idle shell sessions', () => {
  it('ends the session and removes the container after the idle timeout', async () => {
    const server = await startServer({ shellIdleTimeoutSec: 1 })
    try {
      const c = await Client.open(`${server.url.replace('http', 'ws')}/api/terminals/shell`)
      c.send({ type: 'hello', view: 'deck' })
      await c.next(m => m.type === 'role')
      c.send({ type: 'start' })
      await c.next(m => m.type === 'state' && m.state === 'running')
      const ended = await c.next(m => m.type === 'state' && m.state === 'ended')
      expect(ended).toMatchObject({ message: 'idle for 1 s' })
      expect(await shellContainers()).toEqual([])
      c.close()
    }
    finally {
      await server.close()
    }
  })
})

describe('a window on another machine (slidev --remote)', () => {
  // This machine's own non-loopback address stands in for a second machine on the network.
  const lanAddress = Object.values(networkInterfaces()).flat().find(i => i && i.family === 'IPv4' && !i.internal)?.address

  it.skipIf(!lanAddress)('only watches, unless it gives the presenter secret', async () => {
    const runtime = await createRuntime()
    const server = runtime.app.listen(0, '0.0.0.0')
    runtime.acceptUpgrades(server)
    await new Promise(resolve => server.once('listening', resolve))
    const url = `ws://${lanAddress}:${(server.address() as AddressInfo).port}/api/terminals/shell`
    try {
      const remote = await Client.open(url)
      remote.send({ type: 'hello', view: 'presenter' })
      expect(await remote.next(m => m.type === 'role')).toMatchObject({ role: 'watch', reason: 'view only: another machine without the presenter secret' })
      const refused = remote.upcoming(m => m.type === 'error')
      remote.send({ type: 'start' })
      expect(await refused).toMatchObject({ error: 'this window only watches the shell' })
      expect(runtime.terminals.session('shell')?.state).toBe('idle')

      const wrong = await Client.open(url)
      wrong.send({ type: 'hello', view: 'presenter', secret: 'not-the-secret' })
      expect(await wrong.next(m => m.type === 'role')).toMatchObject({ role: 'watch' })

      const presenter = await Client.open(url)
      presenter.send({ type: 'hello', view: 'presenter', secret: runtime.presenterSecret })
      expect(await presenter.next(m => m.type === 'role')).toMatchObject({ role: 'control', reason: 'presenter window' })
      for (const c of [remote, wrong, presenter]) c.close()
    }
    finally {
      server.closeAllConnections()
      const closed = new Promise(resolve => server.close(resolve))
      await runtime.shutdown()
      await closed
    }
  })
})

describe('with no engine', () => {
  const offline = new Docker({ socketPath: '/nonexistent/docker.sock' })
  const recording: ShellRecording = {
    format: SHELL_RECORDING_FORMAT,
    sessionId: 'shell',
    title: 'A shell',
    recordedAt: '2026-11-25T10:00:00.000Z',
    engine: { version: '20.10' },
    cols: 70,
    rows: 12,
    durationMs: 40,
    events: [
      { t: 0, data: 'speaker@box:~$ ' },
      { t: 10, data: 'id\r\n' },
      { t: 20, data: 'uid=1000(speaker)\r\n' },
    ],
  }

  async function startIn(url: string): Promise<Client[]> {
    const windows = await Promise.all(['presenter', 'deck'].map(async (view) => {
      const c = await Client.open(`${url.replace('http', 'ws')}/api/terminals/shell`)
      c.send({ type: 'hello', view })
      await c.next(m => m.type === 'role')
      return c
    }))
    windows[0]!.send({ type: 'start' })
    return windows
  }

  it('plays the recorded session to every window alike, in its grid, marked with its date', async () => {
    const server = await startServer({
      docker: offline,
      shellRecordings: async () => recording,
    })
    try {
      const windows = await startIn(server.url)
      for (const c of windows) {
        expect(await c.next(m => m.type === 'state' && m.state === 'running')).toMatchObject({ recordedAt: recording.recordedAt })
        expect(await c.next(m => m.type === 'state' && m.state === 'ended')).toMatchObject({ message: 'end of the recording', recordedAt: recording.recordedAt })
        expect(c.messages.filter(m => m.type === 'size').at(-1)).toMatchObject({ cols: 70, rows: 12 })
        expect(c.output()).toBe(shellOutput(recording))
      }
      // A window that comes later gets the same screen: the session's history, up to its end.
      const late = await Client.open(`${server.url.replace('http', 'ws')}/api/terminals/shell`)
      await late.next(m => m.type === 'state' && m.state === 'ended')
      expect(late.output()).toBe(shellOutput(recording))
      for (const c of [...windows, late]) c.close()
    }
    finally {
      await server.close()
    }
  })

  it('ends the session with a clear message when there is no recording either', async () => {
    const server = await startServer({
      docker: offline,
      shellRecordings: async () => undefined,
    })
    try {
      const [c, other] = await startIn(server.url)
      const ended = await c!.next(m => m.type === 'state' && m.state === 'ended')
      expect(ended).toMatchObject({
        message: expect.stringContaining('Docker engine not reachable'),
      })
      expect(await c!.next(m => m.type === 'error')).toMatchObject({
        error: expect.stringContaining('Docker engine not reachable'),
      })
      c!.close()
      other!.close()
    }
    finally {
      await server.close()
    }
  })
})
