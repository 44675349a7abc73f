// One run as the registry holds it, live or replayed: what it has published decides its state, so
// both kinds share one state machine, one stop path and one view of "is it over".
import type { RunState, StreamEventName, StreamEvents } from '../../shared/protocol'
import type { Channel } from './channel'
import type { StepGate } from './pacing'
import { isRunOver } from '../../shared/protocol'

export interface RunInfo {
  runId: string
  demoId: string
  state: RunState
  states: { state: RunState, at: number }[]
  exitCode?: number
  oomKilled?: boolean
  error?: string
  /** Set when the run plays the demo's recording because no engine answered. */
  replay?: StreamEvents['run']['replay']
}

export interface ActiveRun {
  readonly info: RunInfo
  /** Settles once the run has ended and published how. */
  readonly done: Promise<void>
  /** Asks the run to end; it publishes its own end. */
  stop: (reason: string) => void
  /** Ends it now without waiting for the engine; whatever the run does afterwards is not shown. */
  abandon: (message: string) => void
  readonly abandoned: boolean
  /** A replay shows the rest at once (a second click on Run); a live run has nothing to hurry. */
  finishNow?: () => void
  /** Which steps the run may begin; a paced run's goes on when the presenter advances. */
  readonly gate: StepGate
}

export type Publish = <K extends StreamEventName>(event: K, data: StreamEvents[K]) => void

export interface RunOutput {
  info: RunInfo
  /** Publishes on the demo's channel until closed, keeping `info` in step with what it says. */
  publish: Publish
  /** Nothing more of this run reaches the channel: by then it may carry the next run. */
  close: () => void
}

/** Begins a run on the demo's channel: its `run` event is the first thing every viewer sees of it. */
export function openRun(channel: Channel, begin: StreamEvents['run']): RunOutput {
  const info: RunInfo = {
    runId: begin.runId,
    demoId: begin.demoId,
    state: 'queued',
    states: [],
    ...(begin.replay
      ? { replay: begin.replay }
      : {}),
  }
  let open = true
  const publish: Publish = (event, data) => {
    if (!open)
      return
    if (event === 'status') {
      const status = data as StreamEvents['status']
      info.state = status.state
      info.states.push({ state: status.state, at: status.at })
    }
    else if (event === 'exit') {
      const exit = data as StreamEvents['exit']
      info.exitCode = exit.code
      info.oomKilled = exit.oomKilled
    }
    else if (event === 'error') {
      info.error = (data as StreamEvents['error']).error
    }
    channel.publish(event, data)
  }
  channel.begin('run', begin)
  return {
    info,
    publish,
    close: () => { open = false },
  }
}

/** How a run ends on the channel, live or replayed: its last status, then its exit. */
export function publishEnd(publish: Publish, exit: StreamEvents['exit']): void {
  publish('status', {
    state: exit.stopped ? 'stopped' : 'exited',
    at: Date.now(),
    ...(exit.reason
      ? { message: exit.reason }
      : {}),
  })
  publish('exit', exit)
}

export function isActive(run: ActiveRun | undefined): run is ActiveRun {
  return run !== undefined && !isRunOver(run.info.state)
}
