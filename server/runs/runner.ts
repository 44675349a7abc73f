// Carries out one run of a demo: its steps in order, each under its CLI line, with every object
// it makes labelled, tracked and removed when the run ends, however it ends.
import { finished } from 'node:stream/promises'
import { PassThrough, Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { setTimeout as delay } from 'node:timers/promises'
import type Docker from 'dockerode'
import type { ContainerSpec, Demo, ExitInfo, LogOptions, StepContext } from '../../demos/types'
import type { StreamEventName, StreamEvents } from '../../shared/protocol'
import { demoTags, imageDef } from '../../demos/images'
import type { Change, HistoryRow } from './cli-format'
import { diffLines, fieldAt, goValue, historyTable, pruneReport, table } from './cli-format'
import { OutputCoalescer } from './coalesce'
import { containerOptions } from '../engine/hardening'
import { rebuildImage } from '../../demos/toolchain/build'
import { labelsFor, RUN_LABEL } from '../../shared/labels'

export interface RunSink {
  emit: <K extends StreamEventName>(event: K, data: StreamEvents[K]) => void
  /** Called once the first container of the run is started. */
  running: () => void
  /** Something the run made could not be removed; the registry sweeps it later. */
  cleanupFailed: (err: unknown) => void
}

/** A container created ahead of the click, handed to the first `docker run` step it matches. */
export interface Prewarmed { spec: ContainerSpec, container: Docker.Container }

export async function executeDemo(
  docker: Docker,
  demo: Demo,
  runId: string,
  sink: RunSink,
  signal: AbortSignal,
  prewarmed?: Prewarmed,
): Promise<ExitInfo | undefined> {
  const out = coalescing(sink)
  const run = new RunResources(docker, demo.id, runId, out, signal, prewarmed)
  let last: ExitInfo | undefined
  try {
    for (const [index, step] of demo.steps.entries()) {
      if (signal.aborted) break
      out.emit('step', { index, cli: step.cli })
      last = await step.run(run.context) ?? last
    }
    return last
  }
  catch (err) {
    // A stop or time limit interrupts whatever engine call was in flight; that is not a failure.
    if (signal.aborted) return last
    throw err
  }
  finally {
    // The run's end (exit, status) is published by the registry: the output goes out before it.
    out.flush()
    await run.removeAll().catch(sink.cleanupFailed)
  }
}

/**
 * The run's sink with its output coalesced (server/runs/coalesce.ts): stdout and stderr queue up within
 * one event-loop turn, and any other event first sends what is queued, so order is kept.
 */
function coalescing(sink: RunSink): RunSink & { flush: () => void } {
  const output = new OutputCoalescer((stream, text) => sink.emit(stream, { text }))
  return {
    emit: (event, data) => {
      if (event === 'stdout' || event === 'stderr') return output.write(event, (data as StreamEvents['stdout']).text)
      output.flush()
      sink.emit(event, data)
    },
    running: () => {
      output.flush()
      sink.running()
    },
    cleanupFailed: sink.cleanupFailed,
    flush: () => output.flush(),
  }
}

class RunResources {
  private readonly containers = new Map<string, Docker.Container>()
  private readonly volumes = new Map<string, string>()
  private readonly networks = new Map<string, string>()
  private readonly tags = new Set<string>()
  private readonly labels: Record<string, string>
  private started = false
  readonly context: StepContext

  constructor(
    private readonly docker: Docker,
    private readonly demoId: string,
    private readonly runId: string,
    private readonly sink: RunSink,
    private readonly signal: AbortSignal,
    private prewarmed: Prewarmed | undefined,
  ) {
    this.labels = labelsFor(demoId, runId)
    const ctx: StepContext = {
      signal,
      print: text => sink.emit('stdout', { text }),
      build: (image, opts) => this.build(image, opts?.noCache ?? false),
      run: spec => this.runContainer(spec),
      create: async (alias, spec) => { await this.create(alias, spec) },
      start: async (alias) => {
        this.markRunning()
        await this.get(alias).start()
      },
      logs: (alias, opts) => this.logs(alias, opts ?? {}),
      wait: alias => this.waitFor(this.get(alias)),
      stop: async (alias, t = 2) => { await this.get(alias).stop({ t }).catch(ignoreNotModified) },
      rm: async (alias) => {
        await this.get(alias).remove({ force: true, v: true })
        this.containers.delete(alias)
      },
      exec: (alias, cmd) => this.exec(this.get(alias), cmd),
      inspect: async (alias, fields) => {
        const info = await this.get(alias).inspect()
        sink.emit('stdout', { text: `${fields.map(f => goValue(fieldAt(info, f))).join(' ')}\n` })
      },
      ps: async () => {
        const list = await docker.listContainers({ all: true, filters: this.runFilter })
        sink.emit('stdout', { text: table([['NAMES', 'STATUS'], ...list.map(c => [c.Names[0]!.replace(/^\//, ''), c.Status])]) })
      },
      containerPrune: async () => {
        const { ContainersDeleted: deleted, SpaceReclaimed: space } = await docker.pruneContainers({ filters: this.runFilter })
        for (const [alias, c] of this.containers) if (deleted?.includes(c.id)) this.containers.delete(alias)
        sink.emit('stdout', { text: pruneReport(deleted ?? [], space ?? 0) })
      },
      volumeCreate: async (alias) => {
        const name = this.engineName(alias)
        await docker.createVolume({ Name: name, Labels: this.labels })
        this.volumes.set(alias, name)
      },
      volumeRm: async (alias) => {
        await docker.getVolume(this.volumeName(alias)).remove()
        this.volumes.delete(alias)
      },
      networkCreate: async (alias) => {
        const name = this.engineName(alias)
        await docker.createNetwork({ Name: name, Labels: this.labels, Driver: 'bridge' })
        this.networks.set(alias, name)
      },
      networkRm: async (alias) => {
        await docker.getNetwork(this.networkName(alias)).remove()
        this.networks.delete(alias)
      },
      port: async (alias, containerPort) => {
        const address = await this.publishedAddress(alias, containerPort)
        sink.emit('stdout', { text: `${address}\n` })
        return address
      },
      httpGet: (alias, containerPort, path) => this.httpGet(alias, containerPort, path),
      history: async (image) => {
        sink.emit('stdout', { text: historyTable(await docker.getImage(image).history() as HistoryRow[]) })
      },
      inspectImage: async (image, fields) => {
        const info = await docker.getImage(image).inspect()
        sink.emit('stdout', { text: `${fields.map(f => goValue(fieldAt(info, f))).join(' ')}\n` })
      },
      diff: async (alias) => {
        sink.emit('stdout', { text: diffLines(await this.get(alias).changes() as Change[] | null) })
      },
      tag: async (source, target) => {
        if (!demoTags.includes(target)) throw new Error(`demo bug: tag "${target}" is not declared in demos/images.ts`)
        const at = target.lastIndexOf(':')
        await docker.getImage(source).tag({ repo: target.slice(0, at), tag: target.slice(at + 1) })
        this.tags.add(target)
      },
      untag: async (target) => {
        if (!this.tags.has(target)) throw new Error(`demo bug: tag "${target}" was not made in this run`)
        const removed = await docker.getImage(target).remove() as { Untagged?: string, Deleted?: string }[]
        this.tags.delete(target)
        sink.emit('stdout', { text: removed.map(r => r.Untagged ? `Untagged: ${r.Untagged}\n` : `Deleted: ${r.Deleted}\n`).join('') })
      },
      engineGet: path => new Promise((resolve, reject) => {
        docker.modem.dial({ path, method: 'GET', statusCodes: { 200: true } }, (err, data) => err ? reject(err) : resolve(data))
      }),
    }
    this.context = ctx
  }

  /**
   * Listing and pruning see only this run's containers: another demo, another run or another
   * server on the same engine is never touched, whatever label filter the step's CLI line shows.
   */
  private get runFilter(): string {
    return JSON.stringify({ label: [`${RUN_LABEL}=${this.runId}`] })
  }

  /** Unique on the engine, recognisable in `docker ps`: talk-<alias>-<run>. */
  private engineName(alias: string): string {
    return `talk-${alias}-${this.runId.slice(0, 8)}`
  }

  private volumeName(alias: string): string {
    const name = this.volumes.get(alias)
    if (!name) throw new Error(`demo bug: volume "${alias}" was not created in this run`)
    return name
  }

  private networkName(alias: string): string {
    const name = this.networks.get(alias)
    if (!name) throw new Error(`demo bug: network "${alias}" was not created in this run`)
    return name
  }

  private get(alias: string): Docker.Container {
    const c = this.containers.get(alias)
    if (!c) throw new Error(`demo bug: container "${alias}" was not created in this run`)
    return c
  }

  private markRunning(): void {
    if (!this.started) {
      this.started = true
      this.sink.running()
    }
  }

  private async create(alias: string, spec: ContainerSpec): Promise<Docker.Container> {
    this.signal.throwIfAborted()
    let container: Docker.Container
    if (this.prewarmed?.spec === spec) {
      container = this.prewarmed.container
      this.prewarmed = undefined
    }
    else {
      container = await this.docker.createContainer({
        ...containerOptions(spec, this.labels, {
          volume: a => this.volumeName(a),
          network: a => this.networkName(a),
        }),
        name: this.engineName(alias),
      })
    }
    this.containers.set(alias, container)
    return container
  }

  /** `docker run --rm`: attach before start so the first line is never lost. */
  private async runContainer(spec: ContainerSpec): Promise<ExitInfo> {
    const alias = `${this.demoId}-${this.containers.size}`
    const container = await this.create(alias, spec)
    const stream = await container.attach({ stream: true, stdout: true, stderr: true })
    const drained = this.demux(stream)
    // Should start or wait fail as well, theirs is the error reported; this one must not go
    // unobserved meanwhile (an unhandled rejection would end the server).
    drained.catch(() => {})
    this.markRunning()
    await container.start()
    const exit = await this.waitFor(container)
    await drained
    await container.remove({ force: true, v: true })
    this.containers.delete(alias)
    return exit
  }

  /** Waits for exit; a stop or time limit kills the container, which ends the wait. */
  private async waitFor(container: Docker.Container): Promise<ExitInfo> {
    const kill = (): void => { container.kill().catch(() => {}) }
    if (this.signal.aborted) kill()
    this.signal.addEventListener('abort', kill, { once: true })
    try {
      const { StatusCode } = await container.wait() as { StatusCode: number }
      const state = await container.inspect()
      return { code: StatusCode, oomKilled: state.State.OOMKilled }
    }
    finally {
      this.signal.removeEventListener('abort', kill)
    }
  }

  private async logs(alias: string, opts: LogOptions): Promise<void> {
    const container = this.get(alias)
    if (!opts.follow) {
      const buffer = await container.logs({ follow: false, stdout: true, stderr: true })
      await this.demux(Readable.from([buffer]))
      return
    }
    const stream = await container.logs({ follow: true, stdout: true, stderr: true }) as Readable
    // Detaching from a followed log is how `timeout N docker logs -f` ends: not an error.
    let detached = false
    const detach = (): void => {
      detached = true
      stream.destroy()
    }
    const timer = opts.forSec ? setTimeout(detach, opts.forSec * 1000) : undefined
    this.signal.addEventListener('abort', detach, { once: true })
    try {
      await this.demux(stream).catch((e: unknown) => {
        if (!detached) throw e
      })
    }
    finally {
      clearTimeout(timer)
      this.signal.removeEventListener('abort', detach)
    }
  }

  /** Where the engine published a container port on the host, e.g. `127.0.0.1:32768`. */
  private async publishedAddress(alias: string, containerPort: number): Promise<string> {
    const info = await this.get(alias).inspect()
    const binding = info.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0]
    if (!binding) throw new Error(`demo bug: container "${alias}" publishes no port ${containerPort}`)
    return `${binding.HostIp}:${binding.HostPort}`
  }

  /**
   * `curl -sSf --retry 5 --retry-all-errors`: the server in a just-started container may not
   * listen yet (the engine's port proxy then drops the connection), so a failed connection is
   * retried, 5 times at most.
   */
  private async httpGet(alias: string, containerPort: number, path: string): Promise<ExitInfo> {
    const url = `http://${await this.publishedAddress(alias, containerPort)}${path}`
    for (let attempt = 0; ; attempt++) {
      let res: Response
      try {
        res = await fetch(url, { signal: this.signal })
      }
      catch (err) {
        if (this.signal.aborted || attempt >= 5) throw err
        await delay(200, undefined, { signal: this.signal })
        continue
      }
      if (!res.ok) {
        this.sink.emit('stderr', { text: `curl: (22) The requested URL returned error: ${res.status}\n` })
        return { code: 22, oomKilled: false }
      }
      this.sink.emit('stdout', { text: await res.text() })
      return { code: 0, oomKilled: false }
    }
  }

  /** Streams each build event as structured progress and its text as stdout, as `docker build` prints it. */
  private async build(image: string, noCache: boolean): Promise<void> {
    const def = imageDef(image)
    if (!def) throw new Error(`demo bug: image "${image}" is not declared in demos/images.ts`)
    // The build's own containers do the work: the run is running from here.
    this.markRunning()
    await rebuildImage(this.docker, def, { noCache, signal: this.signal }, (p) => {
      if (p.kind === 'step') this.sink.emit('build', { phase: 'step', image, step: p.step, total: p.total, instruction: p.instruction })
      else if (p.kind === 'cached') this.sink.emit('build', { phase: 'cached', image, step: p.step })
      else if (p.kind === 'done') this.sink.emit('build', { phase: 'done', image, id: p.id, size: p.size })
      this.sink.emit('stdout', { text: `${p.text}\n` })
    })
  }

  private async exec(container: Docker.Container, cmd: string[]): Promise<ExitInfo> {
    const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false })
    const stream = await exec.start({ hijack: true, stdin: false })
    await this.demux(stream)
    const info = await exec.inspect()
    return { code: info.ExitCode ?? 0, oomKilled: false }
  }

  /** Splits the engine's multiplexed stream and emits each chunk as it arrives. */
  private demux(stream: NodeJS.ReadableStream): Promise<void> {
    const out = this.textStream('stdout')
    const err = this.textStream('stderr')
    this.docker.modem.demuxStream(stream, out, err)
    return finished(stream as Readable, { writable: false }).catch((e: unknown) => {
      // A stream destroyed by our own stop is not an error; a broken engine connection is.
      if (!this.signal.aborted) throw e
    })
  }

  private textStream(event: 'stdout' | 'stderr'): PassThrough {
    const decoder = new StringDecoder('utf8')
    const sink = new PassThrough()
    sink.on('data', (chunk: Buffer) => {
      const text = decoder.write(chunk)
      if (text) this.sink.emit(event, { text })
    })
    return sink
  }

  /** Removes everything this run made; runs whether the run succeeded, failed or was stopped. */
  async removeAll(): Promise<void> {
    const failures: unknown[] = []
    const attempt = (p: Promise<unknown>): Promise<void> => p.then(() => {}, (e: unknown) => {
      if ((e as { statusCode?: number }).statusCode !== 404) failures.push(e)
    })
    await Promise.all([...this.containers.values()].map(c => attempt(c.remove({ force: true, v: true }))))
    if (this.prewarmed) await attempt(this.prewarmed.container.remove({ force: true }))
    await Promise.all([...this.networks.values()].map(n => attempt(this.docker.getNetwork(n).remove())))
    await Promise.all([...this.volumes.values()].map(v => attempt(this.docker.getVolume(v).remove())))
    await Promise.all([...this.tags].map(t => attempt(this.docker.getImage(t).remove())))
    this.tags.clear()
    this.containers.clear()
    this.networks.clear()
    this.volumes.clear()
    if (failures.length) throw new AggregateError(failures, 'cleanup after the run failed')
  }
}

function ignoreNotModified(e: unknown): void {
  if ((e as { statusCode?: number }).statusCode !== 304) throw e
}
