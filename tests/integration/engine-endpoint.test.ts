import type { Server } from 'node:net'
import type { PrivateEngine } from '../support/privateEngine'
// Which engine the project drives, and what it says when that engine is not one it can drive:
// the current docker context (as the docker CLI picks it) when DOCKER_HOST is unset; a user in the
// docker group runs the demos live, one outside it gets one clear sentence; an engine too old, a
// socket that is not Docker's.
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX } from '../../demos/images'
import { spawnServer } from '../../scripts/server-process'
import { engineHealth } from '../../server/engine/client'
import { labelsFor } from '../../shared/labels'
import { docker as sharedEngine } from '../support/engine'
import { startPrivateEngine } from '../support/privateEngine'

const exec = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp('/tmp/talk-endpoint-')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A user, as setpriv sets one: its uid, and the groups it is a member of beside its own. */
interface User { uid: number, groups?: number[] }

/** Runs a project script under the project's Node, as root or as `user` (setpriv). */
async function runScript(script: string[], env: Record<string, string>, user?: User): Promise<{ code: number, output: string }> {
  const command = [
    resolve(ROOT, 'node_modules/.bin/tsx'),
    ...script,
  ]
  const groups = user?.groups?.length
    ? [`--groups=${user.groups.join(',')}`]
    : ['--clear-groups']
  const [file, ...args] = user === undefined
    ? command
    : [
        'setpriv',
        `--reuid=${user.uid}`,
        `--regid=${user.uid}`,
        ...groups,
        ...command,
      ]
  try {
    const { stdout, stderr } = await exec(file!, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        HOME: dir,
        ...env,
      },
    })
    return { code: 0, output: stdout + stderr }
  }
  catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, output: e.stdout + e.stderr }
  }
}

/** scripts/engine-check.ts, as ensure-engine.sh runs it. */
const engineCheck = (env: Record<string, string>, user?: User) => runScript(['scripts/engine-check.ts'], env, user)

describe('with DOCKER_HOST unset, the current docker context', () => {
  let engine: PrivateEngine | undefined
  afterAll(async () => {
    await engine?.remove()
  })

  it('is the engine the server drives, and the one the setup checks', async () => {
    engine = await startPrivateEngine()
    const config = join(dir, 'docker-config')
    // The docker CLI writes the context, as a speaker's Docker Desktop, colima or OrbStack does.
    const cli = (...args: string[]) => exec('docker', args, {
      env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: '' },
    })
    await cli('context', 'create', 'talk-test', '--docker', `host=${engine.host}`)
    await cli('context', 'use', 'talk-test')

    // A leftover on each engine: the server sweeps its instance's leftovers from the engine it drives.
    const instance = 'endpoint-test'
    const labels = {
      ...labelsFor('hello', 'leftover'),
      'docker-talk.instance': instance,
    }
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
    expect(check).toEqual({
      code: 0,
      output: expect.stringContaining(`at ${engine.host} (docker context talk-test)`),
    })
  })
})

describe('an engine the project cannot drive is named as such', () => {
  const servers: Server[] = []
  afterAll(() => {
    for (const s of servers) s.close()
  })
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
    const web = await listen(createServer((_req, res) => {
      res.statusCode = 404
      res.end('not found')
    }), 'web.sock')
    expect((await health(web)).error).toMatch(/answers, but not as a Docker engine does \(HTTP 404 on GET \/version\)$/)
    const other = await listen(createNetServer(s => s.end('SSH-2.0-OpenSSH_9.2\r\n')), 'ssh.sock')
    expect((await health(other)).error).toMatch(/answers, but not as a Docker engine does \(HPE_[A-Z_]+\)$/)
  })
})

describe('a Linux user and the docker group', () => {
  // A group of the test's own plays the docker group: the engine's socket is root:<group> 0660, as
  // Debian's docker.io makes it; the user is nobody, with the group or without it.
  const group = `talkdock${process.pid}`
  let engine: PrivateEngine | undefined
  let gid = 0
  beforeAll(async () => {
    await exec('groupadd', [group])
    gid = Number((await exec('getent', ['group', group])).stdout.split(':')[2])
    engine = await startPrivateEngine({
      args: [`--group=${group}`],
    })
    await chmod(engine.dir, 0o755)
    // The demo's image, from the shared engine: this engine can pull from nowhere.
    const loading = await engine.docker.loadImage(await sharedEngine.getImage(BUSYBOX).get() as NodeJS.ReadableStream)
    await new Promise((done, fail) => engine!.docker.modem.followProgress(loading, err => err
      ? fail(err)
      : done(undefined)))
  })
  afterAll(async () => {
    await engine?.remove()
    await exec('groupdel', [group]).catch(() => {})
  })

  it('a member of the group runs the demos live; without it, one message with the fix and no engine started', async () => {
    const env = { DOCKER_HOST: engine!.host, TALK_INSTANCE: 'docker-group' }
    const member = {
      uid: 65534,
      groups: [gid],
    }
    expect(await engineCheck(env, member)).toMatchObject({
      code: 0,
      output: expect.stringContaining(`Docker engine ${(await engine!.docker.version()).Version}`),
    })
    const rehearsal = await runScript(['scripts/rehearse.ts', 'hello'], env, member)
    expect(rehearsal.output).toMatch(/^\S+\s+hello\s+live\s/m)
    expect(rehearsal).toMatchObject({
      code: 0,
      output: expect.stringContaining('rehearsal: 1 of 1 demos live'),
    })

    const outsider = await engineCheck(env, { uid: 65534 })
    // Exit 1, not 2: ensure-engine.sh starts no second dockerd.
    expect(outsider.code).toBe(1)
    expect(outsider.output.trim()).toBe(`[docker-talk] permission denied on the Docker socket ${engine!.host}: this user is not in the docker group. Fix: sudo usermod -aG docker $USER, then log out and in again`)
  })
})
