import type Docker from 'dockerode'
import type { ContainerSpec, ExitInfo, StepContext } from '../../demos/types'
import type { StreamEventName, StreamEvents } from '../../shared/protocol'
import type { Change, HistoryRow, StatsSample } from './cli-format'
import type { RunObjects } from './objects'
// What a demo step may do (demos/types.ts StepContext): one small function per docker verb, each
// printing what the docker CLI would print (cli-format.ts), on this run's objects only.
import { setTimeout as delay } from 'node:timers/promises'
import { demoTags, imageDef } from '../../demos/images'
import { rebuildImage } from '../../demos/toolchain/build'
import { factsFromInfo } from '../engine/facts'
import { demux, execIn, readLogs, unless, waitForExit } from '../engine/io'
import { diffLines, fieldAt, goValue, historyTable, pruneReport, statsTable, table } from './cli-format'
import { transferSteps } from './transfer'

export interface RunSink {
  emit: <K extends StreamEventName>(event: K, data: StreamEvents[K]) => void
  /** Called once the first container of the run is started. */
  running: () => void
  /** Something the run made could not be removed; the registry sweeps it later. */
  cleanupFailed: (err: unknown) => void
}

export interface RunScope {
  docker: Docker
  objects: RunObjects
  sink: RunSink
  signal: AbortSignal
}

const write = (s: RunScope) => (stream: 'stdout' | 'stderr', text: string): void => s.sink.emit(stream, { text })

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
    build: (image, opts) => build(scope, image, opts?.noCache ?? false),
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
    tag: (source, target) => tag(scope, source, target),
    untag: target => untag(scope, target),
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

type Scope = RunScope & { print: (text: string) => void, markRunning: () => void }

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

/** Streams each build event as structured progress and its text as stdout, as `docker build` prints it. */
async function build(s: Scope, image: string, noCache: boolean): Promise<void> {
  const def = imageDef(image)
  if (!def)
    throw new Error(`demo bug: image "${image}" is not declared in demos/images.ts`)
  // The build's own containers do the work: the run is running from here.
  s.markRunning()
  // As `docker build` picks it: BuildKit wherever the engine has it.
  const { builder } = factsFromInfo(await s.docker.info(), '')
  s.sink.emit('build', { phase: 'builder', image, builder })
  if (builder === 'legacy')
    s.print('DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n')
  await rebuildImage(s.docker, def, { noCache, signal: s.signal, builder }, (p) => {
    if (p.kind === 'finished') {
      s.sink.emit('build', {
        phase: 'finished',
        image,
        step: p.step,
        seconds: p.seconds,
      })
    }
    else if (p.kind === 'step') {
      s.sink.emit('build', {
        phase: 'step',
        image,
        step: p.step,
        total: p.total,
        instruction: p.instruction,
      })
    }
    else if (p.kind === 'cached') {
      s.sink.emit('build', { phase: 'cached', image, step: p.step })
    }
    else if (p.kind === 'done') {
      s.sink.emit('build', {
        phase: 'done',
        image,
        id: p.id,
        size: p.size,
      })
    }
    s.print(`${p.text}\n`)
  })
}

async function tag(s: Scope, source: string, target: string): Promise<void> {
  if (!demoTags.includes(target))
    throw new Error(`demo bug: tag "${target}" is not declared in demos/images.ts`)
  const at = target.lastIndexOf(':')
  await s.docker.getImage(source).tag({
    repo: target.slice(0, at),
    tag: target.slice(at + 1),
  })
  s.objects.tags.add(target)
}

async function untag(s: Scope, target: string): Promise<void> {
  if (!s.objects.tags.has(target))
    throw new Error(`demo bug: tag "${target}" was not made in this run`)
  const removed = await s.docker.getImage(target).remove() as { Untagged?: string, Deleted?: string }[]
  s.objects.tags.delete(target)
  s.print(removed.map(r => r.Untagged
    ? `Untagged: ${r.Untagged}\n`
    : `Deleted: ${r.Deleted}\n`).join(''))
}
