import type { Buffer } from 'node:buffer'
import type { PrivateEngine } from '../support/privateEngine'
// `npm run dev` as a speaker runs it, on a machine whose engine is not running: its one setup step
// starts the engine in a session of its own, builds every demo image and says every demo runs live.
// Ctrl-C (SIGINT to the whole process group, as a terminal sends it) then stops the deck and removes
// the demos' containers, and the engine keeps answering. A private engine stands in for the machine's:
// TALK_DOCKERD is the command the setup starts it with.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { catalog } from '../../demos/catalog'
import { freePort } from '../../scripts/server-process'
import { labelConditions } from '../../shared/labels'
import { startPrivateEngine } from '../support/privateEngine'
import { post } from '../support/server'
import { openEvents } from '../support/sse'

const ROOT = resolve(import.meta.dirname, '../..')
const INSTANCE = 'dev-setup'

let engine: PrivateEngine | undefined
afterAll(async () => {
  await engine?.remove()
})

/** Field of /proc/<pid>/stat after the command name: 0 state, 2 process group, 3 session. */
async function stat(pid: number, field: number): Promise<string> {
  return (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[field]!
}

async function processesInGroup(pgid: number): Promise<number[]> {
  const found: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry))
      continue
    const group = await stat(Number(entry), 2).catch(() => '')
    if (group === String(pgid))
      found.push(Number(entry))
  }
  return found
}

it('starts the engine in its own session, makes every demo live, and Ctrl-C leaves the engine running and nothing labelled', async () => {
  engine = await startPrivateEngine({ dockerd: false })
  const dockerd = join(engine.dir, 'dockerd.sh')
  await writeFile(dockerd, `#!/bin/sh\nexec ${engine.dockerdCommand.join(' ')}\n`)
  await chmod(dockerd, 0o755)

  const port = await freePort()
  // detached: a process group of its own, as a terminal gives the command it runs. CI unset: setup
  // would reinstall node_modules under the running tests.
  const dev = spawn('npm', [
    'run',
    'dev',
    '--',
    '--port',
    String(port),
  ], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      CI: '',
      DOCKER_HOST: engine.host,
      TALK_DOCKERD: dockerd,
      TALK_INSTANCE: INSTANCE,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const exited = once(dev, 'exit')
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer): void => {
      log += stripVTControlCharacters(chunk.toString())
      if (log.includes(`localhost:${port}`))
        ready()
    }
    dev.stdout!.on('data', onData)
    dev.stderr!.on('data', onData)
    dev.once('exit', code => fail(new Error(`npm run dev exited (${code}) before the deck was up:\n${log}`)))
  })
  expect(log).toContain('Starting dockerd in a session of its own')
  expect(log).toContain(`[docker-talk] demos: all ${catalog.length} run live`)

  // The engine the setup started is in a session of its own, so no group of this terminal holds it.
  const enginePid = Number(await readFile(join(engine.dir, 'docker.pid'), 'utf8'))
  expect(await stat(enginePid, 3)).toBe(String(enginePid))

  // A demo runs when Ctrl-C comes.
  const url = `http://127.0.0.1:${port}`
  const events = await openEvents(`${url}/api/demos/ticker/events`)
  expect((await post(`${url}/api/demos/ticker/run`)).status).toBe(202)
  const seen = await events.until(e => e.event === 'stdout')
  events.close()
  // Live, not replayed: its container is there when Ctrl-C comes. (Its first output can reach us
  // before the engine has marked it running: the state may still read `created`.)
  const said = `events: ${JSON.stringify(seen)}\n${log}`
  expect(seen.find(e => e.event === 'run')?.data, said).not.toHaveProperty('replay')
  const containers = await engine.docker.listContainers({
    all: true,
    filters: {
      label: labelConditions({ instance: INSTANCE }),
    },
  })
  expect(containers.map(c => c.State), said).toEqual([
    expect.stringMatching(/^(created|running)$/),
  ])

  process.kill(-dev.pid!, 'SIGINT')
  await exited
  expect(log).toContain('SIGINT: stopping demos and removing their containers')
  expect(await processesInGroup(dev.pid!)).toEqual([])
  expect((await engine.docker.version()).ApiVersion).toBeTruthy()
  const filters = {
    label: labelConditions({ instance: INSTANCE }),
  }
  expect(await engine.docker.listContainers({ all: true, filters })).toEqual([])
  expect((await engine.docker.listVolumes({ filters })).Volumes ?? []).toEqual([])
  expect(await engine.docker.listNetworks({ filters })).toEqual([])
}, 600_000)
