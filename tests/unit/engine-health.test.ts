import type { Server, Socket } from 'node:net'
// engineHealth against an engine that accepts connections and never answers (a hung dockerd):
// each poll ends at its timeout and closes its connection, so repeated polls do not pile up.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { engineHealth } from '../../server/engine/client'

let dir: string
let hung: Server
const open = new Set<Socket>()
let accepted = 0

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'talk-hung-engine-'))
  hung = createServer((socket) => {
    accepted++
    open.add(socket)
    socket.on('close', () => open.delete(socket))
    socket.on('error', () => {})
    socket.resume() // reads the request, never answers
  })
  await new Promise<void>(resolve => hung.listen(join(dir, 'docker.sock'), resolve))
})
afterAll(async () => {
  for (const s of open) s.destroy()
  await new Promise(resolve => hung.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

it('gives up on a hung engine at its timeout and closes the request, poll after poll', async () => {
  const docker = new Docker({
    socketPath: join(dir, 'docker.sock'),
  })
  for (let i = 1; i <= 5; i++) {
    expect(await engineHealth(docker, 300)).toEqual({ reachable: false, error: 'Docker engine not reachable: no answer within 300 ms' })
    expect(accepted).toBe(i)
    // The aborted request's socket is closed: the engine side sees it go.
    await expect.poll(() => open.size).toBe(0)
  }
})
