import type Docker from 'dockerode'
import type { Demo } from '../../demos/types'
import type { Refusal } from '../refusal'
import type { Channel } from './channel'
import type { RegistryOptions, RegistryStats } from './options'
import type { LoadRecording } from './replay'
import type { ActiveRun, RunInfo } from './run'
// The run registry: at most one run per demo (Run again restarts it), live or, with no engine,
// replayed from its recording; a cap on live runs at once, stop in every state, a time limit per
// demo, and one channel per demo that every viewer shares.
import { prewarmRunId } from '../../shared/labels'
import { sweep } from '../engine/cleanup'
import { engineHealth } from '../engine/client'
import { refuse } from '../refusal'
import { createChannel } from './channel'
import { perDemoQueue } from './demo-queue'
import { endRun } from './end-run'
import { startLive } from './live'
import { DEFAULT_REGISTRY_OPTIONS } from './options'
import { badStep } from './pacing'
import { Prewarmer } from './prewarm'
import { PrewarmKeeper } from './prewarm-keeper'
import { loadRecording, startReplay } from './replay'
import { isActive } from './run'

export type { RegistryOptions, RegistryStats } from './options'

export { DEFAULT_REGISTRY_OPTIONS } from './options'
export type { RunInfo } from './run'

/**
 * A busy engine (a build, many containers at once) can take seconds to answer; only one that does
 * not answer at all is down. A refused or missing socket still fails at once.
 */
const START_HEALTH_TIMEOUT_MS = 10_000

export class RunRegistry {
  private readonly channels = new Map<string, Channel>()
  private readonly runs = new Map<string, ActiveRun>()
  private readonly prewarmer: Prewarmer
  private readonly keeper: PrewarmKeeper
  /** Per-demo queue, so two clicks in quick succession cannot start two runs of one demo. */
  private readonly serialize = perDemoQueue()
  /** Demos whose start passed the cap check and has not launched yet. */
  private readonly starting = new Set<string>()
  private sweepPending = false
  /** Run ids of other live users of labelled objects (shell sessions), spared by leftover sweeps. */
  private readonly alsoKeep: (() => Iterable<string>)[] = []

  constructor(
    private readonly docker: Docker,
    private readonly catalog: ReadonlyMap<string, Demo>,
    private readonly options: RegistryOptions = DEFAULT_REGISTRY_OPTIONS,
    private readonly recordings: LoadRecording = loadRecording,
  ) {
    this.prewarmer = new Prewarmer(docker)
    this.keeper = new PrewarmKeeper({
      catalog,
      prewarmer: this.prewarmer,
      serialize: this.serialize,
      running: id => isActive(this.runs.get(id)),
      onEngineDown: () => { this.sweepPending = true },
    })
  }

  demo(id: string): Demo | undefined {
    return this.catalog.get(id)
  }

  /** The demo's channel; only for a demo of the catalog. */
  channel(id: string): Channel {
    if (!this.catalog.has(id))
      throw new Error(`unknown demo "${id}"`)
    let channel = this.channels.get(id)
    if (!channel) {
      channel = createChannel(this.options.historyBytes)
      this.channels.set(id, channel)
    }
    return channel
  }

  current(id: string): RunInfo | undefined {
    return this.runs.get(id)?.info
  }

  /**
   * Starts a run, ending this demo's previous one first: live when the engine answers, else the
   * demo's recording. Clicked again while a replay plays, the replay shows the rest at once.
   */
  start(id: string, untilStep?: number): Promise<RunInfo | Refusal> {
    const demo = this.catalog.get(id)
    if (!demo)
      return Promise.resolve(refuse('unknown demo', `unknown demo "${id}"`))
    const wrong = untilStep === undefined
      ? undefined
      : badStep(demo, untilStep)
    if (wrong)
      return Promise.resolve(wrong)
    return this.serialize(id, async () => {
      // A prewarmed container means the engine answered when the slide opened: Run goes straight
      // to start, without a health round trip (tens of ms on a busy machine). Should the engine
      // have gone since, the run fails with "not reachable during the run" and the next click,
      // with nothing prewarmed any more, replays.
      if (!this.prewarmer.has(id)) {
        const health = await engineHealth(this.docker, START_HEALTH_TIMEOUT_MS)
        if (!health.reachable)
          return this.replay(demo, health.error ?? 'Docker engine not reachable', untilStep)
      }
      // Demos between this check and their launch count too: several clicks at once on different
      // demos must not all pass the check before any of them has launched.
      const busy = new Set([
        ...this.runs.values(),
      ].filter(r => isActive(r) && !r.info.replay).map(r => r.info.demoId))
      for (const other of this.starting) busy.add(other)
      busy.delete(id)
      if (busy.size >= this.options.maxConcurrentRuns)
        return refuse('too many runs', `too many demos running at once (${busy.size}); stop one first`)
      this.starting.add(id)
      try {
        await this.stopAndWait(id, 'restarted')
        if (this.sweepPending)
          await this.sweepLeftovers()
        return this.launch(demo, untilStep)
      }
      finally {
        this.starting.delete(id)
      }
    })
  }

  /**
   * A paced run goes on through `step`; a step already allowed changes nothing. Queued behind a
   * start of the same demo, so a click right after the first finds that run.
   */
  advance(id: string, step: number): Promise<RunInfo & { through: number } | Refusal> {
    const demo = this.catalog.get(id)
    if (!demo)
      return Promise.resolve(refuse('unknown demo', `unknown demo "${id}"`))
    const wrong = badStep(demo, step)
    if (wrong)
      return Promise.resolve(wrong)
    return this.serialize(id, async () => {
      const run = this.runs.get(id)
      if (!isActive(run) || !run.gate.paced)
        return refuse('nothing to advance', `demo "${id}" has no paced run waiting: start one with {"untilStep": ${step}} on /run`)
      run.gate.allow(step)
      return { ...run.info, through: run.gate.allowedThrough }
    })
  }

  /** Stops the demo's run, live or replayed, in whatever state it is; an ended or absent run is left as it is. */
  async stop(id: string, reason = 'stopped by the speaker'): Promise<RunInfo | undefined> {
    await this.stopAndWait(id, reason)
    return this.runs.get(id)?.info
  }

  /**
   * Keeps a container created ahead of the click (prewarmed) for exactly these demos: the deck sends
   * the current and the next demo slide's. Any other prewarmed container is removed, so paging
   * through the deck leaves at most those behind. Calls apply one after another, the last one wins.
   * Resolves with the demos whose container is ready.
   */
  keepPrewarmed(ids: readonly string[]): Promise<string[] | Refusal> {
    return this.keeper.keep(ids)
  }

  /** Objects labelled with these run ids are live elsewhere: a sweep of leftovers leaves them. */
  keepDuringSweeps(runIds: () => Iterable<string>): void {
    this.alsoKeep.push(runIds)
  }

  prewarmedIds(): string[] {
    return this.prewarmer.ids()
  }

  /** What the registry holds open right now: a leak of runs or event streams shows here. */
  stats(): RegistryStats {
    let subscribers = 0
    for (const channel of this.channels.values()) subscribers += channel.subscriberCount
    const activeRuns = [
      ...this.runs.values(),
    ].filter(isActive).length
    return { activeRuns, subscribers, prewarmed: this.prewarmer.size }
  }

  /** Stops every run, replays included, and removes everything the project made on the engine. */
  async shutdown(): Promise<void> {
    await Promise.all([
      ...this.runs.keys(),
    ].map(id => this.stopAndWait(id, 'server shutting down')))
    this.prewarmer.clear()
    await sweep(this.docker)
  }

  private launch(demo: Demo, untilStep?: number): RunInfo {
    const run = startLive({
      docker: this.docker,
      demo,
      channel: this.channel(demo.id),
      timeoutSec: demo.timeoutSec ?? this.options.defaultTimeoutSec,
      ...(untilStep === undefined
        ? {}
        : {
            paced: { untilStep, idleSec: this.options.pacedIdleSec },
          }),
      prewarmed: this.prewarmer.take(demo.id),
      onTimeLimit: (self, reason) => void this.end(self, reason),
      onLeftovers: () => { this.sweepPending = true },
    })
    this.runs.set(demo.id, run)
    return run.info
  }

  private async replay(demo: Demo, engineError: string, untilStep?: number): Promise<RunInfo | Refusal> {
    const playing = this.runs.get(demo.id)
    if (untilStep === undefined && isActive(playing) && playing.finishNow) {
      playing.finishNow()
      return playing.info
    }
    const noReplay = (why: string): Refusal => refuse('engine down', `${engineError}; no replay: ${why}`)
    if (demo.recording === false)
      return noReplay(`demo "${demo.id}" is not recorded`)
    const recording = await this.recordings(demo.id)
    if (!recording)
      return noReplay(`no recording of demo "${demo.id}": run npm run record ${demo.id} while an engine is reachable`)
    await this.stopAndWait(demo.id, 'restarted')
    const run = startReplay(this.channel(demo.id), recording, 'engine offline', untilStep)
    this.runs.set(demo.id, run)
    return run.info
  }

  private async stopAndWait(id: string, reason: string): Promise<void> {
    const run = this.runs.get(id)
    if (run)
      await this.end(run, reason)
  }

  private end(run: ActiveRun, reason: string): Promise<void> {
    return endRun(run, reason, this.options.stopGraceMs)
  }

  private async sweepLeftovers(): Promise<void> {
    const keep = new Set([
      ...this.runs.values(),
    ].filter(isActive).map(r => r.info.runId))
    for (const id of this.prewarmer.ids()) keep.add(prewarmRunId(id))
    for (const ids of this.alsoKeep) {
      for (const id of ids()) keep.add(id)
    }
    await sweep(this.docker, keep)
    this.sweepPending = false
  }
}
