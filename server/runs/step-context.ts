import type { ContainerSpec, ExitInfo, StepContext } from '../../demos/types'
import type { Change, HistoryRow, StatsSample } from './cli-format'
import type { RunObjects } from './objects'
import type { RunScope, Scope } from './step-scope'
// What a demo step may do (demos/types.ts StepContext): one small function per docker verb, each
// printing what the docker CLI would print (cli-format.ts), on this run's objects only.
import { setTimeout as delay } from 'node:timers/promises'
import { demux, execIn, readLogs, unless, waitForExit } from '../engine/io'
import { diffLines, fieldAt, goValue, historyTable, pruneReport, statsTable, table } from './cli-format'
import { buildImage, tagImage, untagImage } from './image-verbs'
import { write } from './step-scope'
import { transferSteps } from './transfer'

export function stepContext(s: RunScope): StepContext {
  const { docker, objects, signal } = s
  const print = (text: string): void => s.sink.emit('stdout', { text })
  let started = false
  const markRunning = (): void => {
    if (!started)
      s.sink.running()
    started = true
  }
  const scope = { ...s, print, markRunning }
  return {
    signal,
    print,
    build: (image, opts) => buildImage(scope, image, opts?.noCache ?? false),
    run: spec => runContainer(scope, spec),
    create: async (alias, spec) => {
      signal.throwIfAborted()
      await objects.create(alias, spec)
    },
    start: async (alias) => {
      markRunning()
      await objects.container(alias).start()
    },
    logs: (alias, opts) => readLogs(objects.container(alias), opts ?? {}, write(s), signal),
    wait: alias => waitForExit(objects.container(alias), signal),
    stop: async (alias, t = 2) => { await objects.container(alias).stop({ t }).catch(unless(304)) },
    rm: async (alias) => {
      await objects.container(alias).remove({ force: true, v: true })
      objects.containers.delete(alias)
    },
    exec: (alias, cmd) => execIn(objects.container(alias), cmd, write(s), signal),
    pause: async (alias) => { await objects.container(alias).pause() },
    unpause: async (alias) => { await objects.container(alias).unpause() },
    top: async (alias, psArgs) => {
      const { Titles, Processes } = await objects.container(alias).top({ ps_args: psArgs }) as { Titles: string[], Processes: string[][] }
      print(table([Titles, ...Processes]))
    },
    stats: async alias => print(statsTable([await objects.container(alias).stats({ stream: false }) as unknown as StatsSample])),
    inspect: async (alias, fields) => print(formatFields(await objects.container(alias).inspect(), fields)),
    ps: async () => {
      const list = await docker.listContainers({ all: true, filters: objects.runFilter })
      print(table([
        ['NAMES', 'STATUS'],
        ...list.map(c => [
          c.Names[0]!.replace(/^\//, ''),
          c.Status,
        ]),
      ]))
    },
    containerPrune: () => containerPrune(scope),
    volumeCreate: async (alias) => {
      const name = objects.engineName(alias)
      await docker.createVolume({ Name: name, Labels: objects.labels })
      objects.volumes.set(alias, name)
    },
    volumeRm: async (alias) => {
      await docker.getVolume(objects.volume(alias)).remove()
      objects.volumes.delete(alias)
    },
    networkCreate: async (alias) => {
      const name = objects.engineName(alias)
      await docker.createNetwork({ Name: name, Labels: objects.labels, Driver: 'bridge' })
      objects.networks.set(alias, name)
    },
    networkRm: async (alias) => {
      await docker.getNetwork(objects.network(alias)).remove()
      objects.networks.delete(alias)
    },
    port: async (alias, containerPort) => {
      const address = await publishedAddress(objects, alias, containerPort)
      print(`${address}\n`)
      return address
    },
    httpGet: (alias, containerPort, path) => httpGet(scope, alias, containerPort, path),
    history: async image => print(historyTable(await docker.getImage(image).history() as HistoryRow[])),
    inspectImage: async (image, fields) => print(formatFields(await docker.getImage(image).inspect(), fields)),
    diff: async alias => print(diffLines(await objects.container(alias).changes() as Change[] | null)),
    tag: (source, target) => tagImage(scope, source, target),
    untag: target => untagImage(scope, target),
    ...transferSteps(docker, print, ref => objects.tags.add(ref)),
    vars: new Map(),
    engineGet: path => new Promise((resolve, reject) => {
      docker.modem.dial({
        path,
        method: 'GET',
        statusCodes: { 200: true },
      }, (err, data) => err
        ? reject(err)
        : resolve(data))
    }),
  }
}

function formatFields(info: unknown, fields: string[]): string {
  return `${fields.map(f => goValue(fieldAt(info, f))).join(' ')}\n`
}

/** `docker run --rm`: attach before start so the first line is never lost. */
async function runContainer(s: Scope, spec: ContainerSpec): Promise<ExitInfo> {
  const alias = `${s.objects.owner.demo}-${s.objects.containers.size}`
  s.signal.throwIfAborted()
  const container = await s.objects.create(alias, spec)
  const stream = await container.attach({ stream: true, stdout: true, stderr: true })
  const drained = demux(stream, write(s), s.signal)
  // Should start or wait fail as well, theirs is the error reported; this one must not go
  // unobserved meanwhile (an unhandled rejection would end the server).
  drained.catch(() => {})
  s.markRunning()
  await container.start()
  const exit = await waitForExit(container, s.signal)
  await drained
  await container.remove({ force: true, v: true })
  s.objects.containers.delete(alias)
  return exit
}

async function containerPrune(s: Scope): Promise<void> {
  const { ContainersDeleted: deleted, SpaceReclaimed: space } = await s.docker.pruneContainers({ filters: s.objects.runFilter })
  for (const [alias, c] of s.objects.containers) {
    if (deleted?.includes(c.id))
      s.objects.containers.delete(alias)
  }
  s.print(pruneReport(deleted ?? [], space ?? 0))
}

/** Where the engine published a container port on the host, e.g. `127.0.0.1:32768`. */
async function publishedAddress(objects: RunObjects, alias: string, containerPort: number): Promise<string> {
  const info = await objects.container(alias).inspect()
  const binding = info.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0]
  if (!binding)
    throw new Error(`demo bug: container "${alias}" publishes no port ${containerPort}`)
  return `${binding.HostIp}:${binding.HostPort}`
}

/**
 * `curl -sSf --retry 5 --retry-all-errors`: the server in a just-started container may not
 * listen yet (the engine's port proxy then drops the connection), so a failed connection is
 * retried, 5 times at most.
 */
async function httpGet(s: Scope, alias: string, containerPort: number, path: string): Promise<ExitInfo> {
  const url = `http://${await publishedAddress(s.objects, alias, containerPort)}${path}`
  for (let attempt = 0; ; attempt++) {
    let res: Response
    try {
      res = await fetch(url, { signal: s.signal })
    }
    catch (err) {
      if (s.signal.aborted || attempt >= 5)
        throw err
      await delay(200, undefined, { signal: s.signal })
      continue
    }
    if (!res.ok) {
      s.sink.emit('stderr', { text: `curl: (22) The requested URL returned error: ${res.status}\n` })
      return { code: 22, oomKilled: false }
    }
    s.print(await res.text())
    return { code: 0, oomKilled: false }
  }
}
