// Which engine the project drives, and what it says when that engine is not one it can drive:
// the current docker context (as the docker CLI picks it) when DOCKER_HOST is unset, and one clear
// sentence for a user not in the docker group, an engine too old, a socket that is not Docker's.
import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import type { Server } from 'node:net'
import { createServer as createNetServer } from 'node:net'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engineHealth } from '../../server/engine/client'
import { labelsFor } from '../../shared/labels'
import { docker as sharedEngine } from '../support/engine'
import type { PrivateEngine } from '../support/privateEngine'
import { startPrivateEngine } from '../support/privateEngine'
import { spawnServer } from '../../scripts/server-process'

const exec = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')

let dir: string
beforeAll(async () => { dir = await mkdtemp('/tmp/talk-endpoint-') })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

/** Runs scripts/engine-check.ts as ensure-engine.sh does; `as` runs it as another user (setpriv). */
async function engineCheck(env: Record<string, string>, as?: number): Promise<{ code: number, output: string }> {
  const command = [resolve(ROOT, 'node_modules/.bin/tsx'), 'scripts/engine-check.ts']
  const [file, ...args] = as === undefined ? command : ['setpriv', `--reuid=${as}`, `--regid=${as}`, '--clear-groups', ...command]
  try {
    const { stdout, stderr } = await exec(file!, args, { cwd: ROOT, env: { ...process.env, HOME: dir, ...env } })
    return { code: 0, output: stdout + stderr }
  }
  catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, output: e.stdout + e.stderr }
  }
}

describe('with DOCKER_HOST unset, the current docker context', () => {
  let engine: PrivateEngine | undefined
  afterAll(async () => { await engine?.remove() })

  it('is the engine the server drives, and the one the setup checks', async () => {
    engine = await startPrivateEngine()
    const config = join(dir, 'docker-config')
    // The docker CLI writes the context, as a speaker's Docker Desktop, colima or OrbStack does.
    const cli = (...args: string[]) => exec('docker', args, { env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: '' } })
    await cli('context', 'create', 'talk-test', '--docker', `host=${engine.host}`)
    await cli('context', 'use', 'talk-test')

    // A leftover on each engine: the server sweeps its instance's leftovers from the engine it drives.
    const instance = 'endpoint-test'
    const labels = { ...labelsFor('hello', 'leftover'), 'docker-talk.instance': instance }
    await engine.docker.createVolume({ Name: 'talk-endpoint-leftover', Labels: labels })
    const onShared = await sharedEngine.createVolume({ Name: `talk-endpoint-leftover-${process.pid}`, Labels: labels })
    try {
      const server = await spawnServer({ DOCKER_CONFIG: config, DOCKER_HOST: '', TALK_INSTANCE: instance })
      try {
        expect(server.output()).toContain('removed 1 leftover object(s)')
        expect(((await engine.docker.listVolumes()).Volumes ?? []).map(v => v.Name)).not.toContain('talk-endpoint-leftover')
        expect(((await sharedEngine.listVolumes()).Volumes ?? []).map(v => v.Name)).toContain(onShared.name)
      }
      finally {
        await server.signal('SIGTERM')
      }
    }
    finally {
      await sharedEngine.getVolume(onShared.name).remove()
    }
    const check = await engineCheck({ DOCKER_CONFIG: config, DOCKER_HOST: '' })
    expect(check).toEqual({ code: 0, output: expect.stringContaining(`at ${engine.host} (docker context talk-test)`) })
  })
})

describe('an engine the project cannot drive is named as such', () => {
  const servers: Server[] = []
  afterAll(() => { for (const s of servers) s.close() })
  const listen = async (server: Server, name: string): Promise<string> => {
    const socket = join(dir, name)
    await new Promise<void>(ok => server.listen(socket, ok))
    servers.push(server)
    return socket
  }
  const health = (socket: string) => engineHealth(new Docker({ socketPath: socket }))

  it('an engine whose API is older than 1.41', async () => {
    const socket = await listen(createServer((_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ Version: '19.03.15', ApiVersion: '1.40' }))
    }), 'old.sock')
    expect((await health(socket)).error).toMatch(/speaks API 1\.40 \(Docker 19\.03\.15\); the demos need API 1\.41 or newer \(Docker 20\.10\+\): upgrade the engine$/)
  })

  it('an HTTP server that is not Docker, and a socket that does not speak HTTP', async () => {
    const web = await listen(createServer((_req, res) => { res.statusCode = 404; res.end('not found') }), 'web.sock')
    expect((await health(web)).error).toMatch(/answers, but not as a Docker engine does \(HTTP 404 on GET \/version\)$/)
    const other = await listen(createNetServer(s => s.end('SSH-2.0-OpenSSH_9.2\r\n')), 'ssh.sock')
    expect((await health(other)).error).toMatch(/answers, but not as a Docker engine does \(HPE_[A-Z_]+\)$/)
  })

  it('a Linux user not in the docker group: one message with the fix, and no engine started', async () => {
    const socket = await listen(createNetServer(s => s.end()), 'root-only.sock')
    await chmod(socket, 0o660)
    await chmod(dir, 0o755)
    const check = await engineCheck({ DOCKER_HOST: `unix://${socket}` }, 65534)
    // Exit 1, not 2: ensure-engine.sh starts no second dockerd.
    expect(check.code).toBe(1)
    expect(check.output.trim()).toBe(`[docker-talk] permission denied on the Docker socket unix://${socket}: this user is not in the docker group. Fix: sudo usermod -aG docker $USER, then log out and in again`)
  })
})
