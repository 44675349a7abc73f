// The run registry: at most one run per demo (Run again restarts it), a cap on runs at once,
// stop in every state, a time limit per demo, and one channel per demo that every viewer shares.
import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type Docker from 'dockerode'
import type { Demo } from '../../demos/types'
import type { RunState } from '../../shared/protocol'
import { FINAL_STATES } from '../../shared/protocol'
import { Channel } from '../http/channel'
import { sweep } from '../engine/cleanup'
import { describeEngineError, engineHealth, isEngineDown } from '../engine/client'
import { HttpError } from '../http/errors'
import { containerOptions } from '../engine/hardening'
import { labelsFor, prewarmRunId } from '../../shared/labels'
import type { Prewarmed } from './runner'
import { executeDemo } from './runner'

export interface RunInfo {
  runId: string
  demoId: string
  state: RunState
  states: { state: RunState, at: number }[]
  exitCode?: number
  oomKilled?: boolean
  error?: string
}

export interface RegistryOptions {
  /** Output kept per demo for late joiners; older output is dropped first. */
  historyBytes: number
  maxConcurrentRuns: number
  defaultTimeoutSec: number
  /**
   * How long Stop waits for the engine to end a run. A hung engine never answers the kill: past
   * this the run is ended for the speaker, and its objects go once the engine answers again.
   */
  stopGraceMs: number
}

export const DEFAULT_REGISTRY_OPTIONS: RegistryOptions = {
  historyBytes: 1024 * 1024,
  maxConcurrentRuns: 6,
  defaultTimeoutSec: 30,
  stopGraceMs: 5_000,
}

export interface RegistryStats {
  /** Runs not yet exited, stopped or failed. */
  activeRuns: number
  /** Event-stream clients across every demo's channel. */
  subscribers: number
  /** Containers created ahead of a click and not yet used. */
  prewarmed: number
}

interface ActiveRun {
  info: RunInfo
  controller: AbortController
  done: Promise<void>
  /** Ends the run without waiting for the engine; whatever the run does afterwards is not shown. */
  abandon: (message: string) => void
  abandoned: boolean
}

/**
 * A busy engine (a build, many containers at once) can take seconds to answer; only one that does
 * not answer at all is down. A refused or missing socket still fails at once.
 */
const START_HEALTH_TIMEOUT_MS = 10_000

export class RunRegistry {
  private readonly channels = new Map<string, Channel>()
  private readonly runs = new Map<string, ActiveRun>()
  private readonly prewarmed = new Map<string, Prewarmed>()
  private prewarming: Promise<unknown> = Promise.resolve()
  /** Per-demo queue, so two clicks in quick succession cannot start two runs of one demo. */
  private readonly locks = new Map<string, Promise<unknown>>()
  /** Demos whose start passed the cap check and has not launched yet. */
  private readonly starting = new Set<string>()
  private sweepPending = false
  /** Run ids of other live users of labelled objects (shell sessions), spared by leftover sweeps. */
  private readonly alsoKeep: (() => Iterable<string>)[] = []

  constructor(
    private readonly docker: Docker,
    private readonly catalog: ReadonlyMap<string, Demo>,
    private readonly options: RegistryOptions = DEFAULT_REGISTRY_OPTIONS,
  ) {}

  demo(id: string): Demo {
    const demo = this.catalog.get(id)
    if (!demo) throw new HttpError(404, `unknown demo "${id}"`)
    return demo
  }

  channel(id: string): Channel {
    this.demo(id)
    let channel = this.channels.get(id)
    if (!channel) {
      channel = new Channel(this.options.historyBytes)
      this.channels.set(id, channel)
    }
    return channel
  }

  current(id: string): RunInfo | undefined {
    this.demo(id)
    return this.runs.get(id)?.info
  }

  /** Starts a run, stopping this demo's previous run first. Resolves once the run is accepted. */
  start(id: string): Promise<RunInfo> {
    const demo = this.demo(id)
    return this.serialize(id, async () => {
      // Demos between this check and their launch count too: several clicks at once on different
      // demos must not all pass the check before any of them has launched.
      const busy = new Set([...this.runs.values()].filter(r => !isFinal(r.info.state)).map(r => r.info.demoId))
      for (const other of this.starting) busy.add(other)
      busy.delete(id)
      if (busy.size >= this.options.maxConcurrentRuns)
        throw new HttpError(429, `too many demos running at once (${busy.size}); stop one first`)
      this.starting.add(id)
      try {
        // A prewarmed container means the engine answered when the slide opened: Run goes straight
        // to start, without a health round trip (tens of ms on a busy machine). Should the engine
        // have gone since, the run fails with "not reachable during the run" and the next click,
        // with nothing prewarmed any more, gets the 503 that makes the deck replay.
        if (!this.prewarmed.has(id)) {
          const health = await engineHealth(this.docker, START_HEALTH_TIMEOUT_MS)
          if (!health.reachable) throw new HttpError(503, health.error ?? 'Docker engine not reachable')
        }
        await this.stopAndWait(id, 'restarted')
        if (this.sweepPending) await this.sweepLeftovers()
        return this.launch(demo)
      }
      finally {
        this.starting.delete(id)
      }
    })
  }

  /** Stops the demo's run in whatever state it is; a finished or absent run is left as it is. */
  async stop(id: string, reason = 'stopped by the speaker'): Promise<RunInfo | undefined> {
    this.demo(id)
    await this.stopAndWait(id, reason)
    return this.runs.get(id)?.info
  }

  /**
   * Keeps a container created ahead of the click (prewarmed) for exactly these demos: the deck sends
   * the current and the next demo slide's. Any other prewarmed container is removed, so paging
   * through the deck leaves at most those behind. Calls apply one after another, the last one wins.
   * Resolves with the demos whose container is ready.
   */
  keepPrewarmed(ids: readonly string[]): Promise<string[]> {
    for (const id of ids) this.demo(id)
    const apply = async (): Promise<string[]> => {
      const behind = [...this.prewarmed.keys()].filter(id => !ids.includes(id))
      await Promise.all(behind.map(id => this.serialize(id, () => this.discardPrewarmed(id))))
      const made = await Promise.all(ids.map(id => this.prewarm(id)))
      return ids.filter((_, i) => made[i])
    }
    const next = this.prewarming.then(apply, apply)
    this.prewarming = next.catch(() => [])
    return next
  }

  private async discardPrewarmed(id: string): Promise<void> {
    const prewarmed = this.prewarmed.get(id)
    this.prewarmed.delete(id)
    await prewarmed?.container.remove({ force: true }).catch((err: unknown) => {
      if (isEngineDown(err)) this.sweepPending = true
      else if ((err as { statusCode?: number }).statusCode !== 404) throw err
    })
  }

  /** Creates the demo's first container ahead of the click, so Run only has to start it. */
  private prewarm(id: string): Promise<boolean> {
    const demo = this.demo(id)
    const spec = demo.steps[0]?.container
    if (!spec) return Promise.resolve(false)
    return this.serialize(id, async () => {
      if (this.prewarmed.has(id)) return true
      // A window opening the slide while the demo runs (the audience joining) must not leave a
      // container behind that nobody asked for; the next slide visit prewarms again.
      const run = this.runs.get(id)
      if (run && !isFinal(run.info.state)) return false
      try {
        const container = await this.docker.createContainer({
          ...containerOptions(spec, labelsFor(id, prewarmRunId(id)), {
            volume: () => { throw new Error('prewarm cannot mount run volumes') },
            network: () => { throw new Error('prewarm cannot join run networks') },
          }),
          // The talk's naming, as a run's containers (runner.ts), not a random engine name.
          name: `talk-${id}-prewarmed-${randomUUID().slice(0, 8)}`,
        })
        this.prewarmed.set(id, { spec, container })
        return true
      }
      catch (err) {
        if (isEngineDown(err)) throw new HttpError(503, describeEngineError(err))
        if ((err as { statusCode?: number }).statusCode === 404)
          throw new HttpError(409, `image ${spec.image} is not built yet: run npm run demos:prepare`)
        throw err
      }
    })
  }

  /** Objects labelled with these run ids are live elsewhere: a sweep of leftovers leaves them. */
  keepDuringSweeps(runIds: () => Iterable<string>): void {
    this.alsoKeep.push(runIds)
  }

  prewarmedIds(): string[] {
    return [...this.prewarmed.keys()]
  }

  /** What the registry holds open right now: a leak of runs or event streams shows here. */
  stats(): RegistryStats {
    let subscribers = 0
    for (const channel of this.channels.values()) subscribers += channel.subscriberCount
    const activeRuns = [...this.runs.values()].filter(r => !isFinal(r.info.state)).length
    return { activeRuns, subscribers, prewarmed: this.prewarmed.size }
  }

  /** Stops every run and removes everything the project made on the engine. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.runs.keys()].map(id => this.stopAndWait(id, 'server shutting down')))
    this.prewarmed.clear()
    await sweep(this.docker)
  }

  private launch(demo: Demo): RunInfo {
    const runId = randomUUID()
    const channel = this.channel(demo.id)
    const controller = new AbortController()
    const info: RunInfo = { runId, demoId: demo.id, state: 'queued', states: [] }
    // Once abandoned, a run that the engine finally lets finish must not write into the demo's
    // channel: by then it may carry the next run.
    let abandoned = false
    const publish: Channel['publish'] = (event, data) => {
      if (!abandoned) channel.publish(event, data)
    }
    const setState = (state: RunState, message?: string): void => {
      const at = Date.now()
      info.state = state
      info.states.push({ state, at })
      publish('status', { state, at, ...(message ? { message } : {}) })
    }
    const fail = (message: string): void => {
      info.error = message
      this.sweepPending = true
      setState('failed', message)
      publish('error', { error: message })
    }
    channel.begin({ runId, demoId: demo.id, at: Date.now() })
    setState('queued')

    const prewarmed = this.prewarmed.get(demo.id)
    this.prewarmed.delete(demo.id)
    const timeoutSec = demo.timeoutSec ?? this.options.defaultTimeoutSec
    const timer = setTimeout(() => void this.end(run, `time limit of ${timeoutSec} s reached`), timeoutSec * 1000)

    const done = (async () => {
      setState('creating')
      try {
        const exit = await executeDemo(this.docker, demo, runId, {
          emit: publish,
          running: () => setState('running'),
          cleanupFailed: () => { this.sweepPending = true },
        }, controller.signal, prewarmed)
        if (abandoned) return
        const stopped = controller.signal.aborted
        const reason = stopped ? String(controller.signal.reason) : undefined
        // Steps that start no process of their own (create, rm, ...) succeed with 0; a run stopped
        // before any container exited reports what `docker stop` gives a killed process.
        info.exitCode = exit?.code ?? (stopped ? 137 : 0)
        info.oomKilled = exit?.oomKilled ?? false
        setState(stopped ? 'stopped' : 'exited', reason)
        publish('exit', { code: info.exitCode, oomKilled: info.oomKilled, stopped, ...(reason ? { reason } : {}) })
      }
      catch (err) {
        if (abandoned) return
        fail(isEngineDown(err) ? `${describeEngineError(err)} during the run` : errorMessage(err))
      }
      finally {
        clearTimeout(timer)
      }
    })()
    const run: ActiveRun = {
      info,
      controller,
      done,
      get abandoned() { return abandoned },
      abandon: (message) => {
        fail(message)
        abandoned = true
        clearTimeout(timer)
      },
    }
    this.runs.set(demo.id, run)
    return info
  }

  private async stopAndWait(id: string, reason: string): Promise<void> {
    const run = this.runs.get(id)
    if (run) await this.end(run, reason)
  }

  /** Stops the run and waits for its end, for as long as the engine may take to answer. */
  private async end(run: ActiveRun, reason: string): Promise<void> {
    if (run.abandoned) return
    if (!isFinal(run.info.state)) run.controller.abort(reason)
    const grace = new AbortController()
    const ended = await Promise.race([
      run.done.then(() => true),
      delay(this.options.stopGraceMs, false, { signal: grace.signal }).catch(() => false),
    ])
    grace.abort()
    if (!ended) run.abandon(`Docker engine did not answer within ${this.options.stopGraceMs / 1000} s of the stop; the run's containers are removed once it answers`)
  }

  private async sweepLeftovers(): Promise<void> {
    const keep = new Set([...this.runs.values()].filter(r => !isFinal(r.info.state)).map(r => r.info.runId))
    for (const id of this.prewarmed.keys()) keep.add(prewarmRunId(id))
    for (const ids of this.alsoKeep) for (const id of ids()) keep.add(id)
    await sweep(this.docker, keep)
    this.sweepPending = false
  }

  private serialize<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve()
    const next = previous.then(task, task)
    this.locks.set(id, next.catch(() => {}))
    return next
  }
}

function isFinal(state: RunState): boolean {
  return FINAL_STATES.includes(state)
}

function errorMessage(err: unknown): string {
  const e = err as { json?: { message?: string }, message?: string }
  return e.json?.message ?? e.message ?? String(err)
}
