import type { Recording } from '../demos/recording'
import type { AdvanceRequest, BuildStepEvent, RunRequest, RunStarted, RunState, StreamEventName, StreamEvents } from '../shared/protocol'
// Follows one demo's shared stream and keeps the slide's view of it: status, exit, errors.
// Output is handed to a sink (the terminal) rather than kept in reactive state, so a 10 MB run
// does not turn into 200k reactive array entries.
import { reactive } from 'vue'
import { isRunOver } from '../shared/protocol'
import { api, demoPath, isNoServer } from './api'
import { useLocalPlayback } from './localPlayback'
import { useEventStream } from './useEventStream'

export interface OutputSink {
  reset: () => void
  step: (cli: string) => void
  write: (stream: 'stdout' | 'stderr', text: string) => void
  notice: (text: string) => void
}

export interface DemoView {
  state: RunState | 'idle'
  runId?: string
  startedAt?: number
  endedAt?: number
  exitCode?: number
  oomKilled: boolean
  stopped: boolean
  stopReason?: string
  error?: string
  /** Set when the run is a recording played back because no engine answered. */
  replay?: StreamEvents['run']['replay']
  /** Why the last Run or Stop click was refused, e.g. the engine is down. */
  refused?: string
  busy: boolean
  /** Progress events of the run's `docker build` steps, in order (BuildProgress.vue shows them). */
  build: BuildStepEvent[]
  /** The step running or last run: the slide highlights its CLI line. */
  step?: number
  /** A paced run waits for the presenter: this step runs on the next click. */
  waiting?: number
}

const STREAM_EVENTS: StreamEventName[] = [
  'run',
  'status',
  'step',
  'waiting',
  'stdout',
  'stderr',
  'dropped',
  'exit',
  'error',
  'build',
]

type Handlers = { [K in StreamEventName]: (data: StreamEvents[K]) => void }

/** How each stream event changes the view and the output: shared by live streams and printed recordings. */
function eventHandlers(view: DemoView, sink: OutputSink): Handlers {
  return {
    run: (d) => {
      Object.assign(view, {
        runId: d.runId,
        startedAt: d.at,
        endedAt: undefined,
        exitCode: undefined,
        oomKilled: false,
        stopped: false,
        stopReason: undefined,
        error: undefined,
        refused: undefined,
        replay: d.replay,
        build: [],
        step: undefined,
        waiting: undefined,
      })
      sink.reset()
    },
    status: (d) => {
      view.state = d.state
      if (isRunOver(d.state))
        Object.assign(view, { endedAt: d.at, waiting: undefined })
    },
    step: (d) => {
      Object.assign(view, { step: d.index, waiting: undefined })
      sink.step(d.cli)
    },
    waiting: (d) => {
      view.waiting = d.next
    },
    stdout: d => sink.write('stdout', d.text),
    stderr: d => sink.write('stderr', d.text),
    dropped: d => sink.notice(`… ${d.bytes} bytes of earlier output dropped by the server …`),
    exit: (d) => {
      Object.assign(view, {
        exitCode: d.code,
        oomKilled: d.oomKilled,
        stopped: d.stopped,
        stopReason: d.reason,
      })
    },
    error: (d) => {
      view.error = d.error
    },
    build: (d) => {
      view.build.push(d)
    },
  }
}

export function useDemoStream(id: string, sink: OutputSink) {
  const view = reactive<DemoView>({
    state: 'idle',
    oomKilled: false,
    stopped: false,
    busy: false,
    build: [],
  })
  const handlers = eventHandlers(view, sink)
  let pacedRunId: string | undefined
  const handle = (name: StreamEventName, data: unknown): void => {
    // Another run began (Run all, another window's): the next click starts a paced run anew.
    if (name === 'run' && (data as StreamEvents['run']).runId !== pacedRunId)
      pacedRunId = undefined
    ;(handlers[name] as (d: unknown) => void)(data)
  }
  // Slidev keeps slides alive and browsers allow few connections per origin: the slide connects only while shown.
  const { connect, disconnect } = useEventStream<StreamEvents>(`/api${demoPath(id, 'events')}`, STREAM_EVENTS, handle)

  const local = useLocalPlayback(id, handle)

  /** Shows a whole recording at once, without a server (print mode). */
  function showRecording(recording: Recording): void {
    local.show(recording)
  }

  /**
   * Run (live, or the recording when no engine answers: the server decides), Stop, or a paced
   * run's next step (protocol.ts RunRequest, AdvanceRequest). With no demo server at all (the
   * static deck), the recording plays in this window instead.
   */
  async function act(action: 'run' | 'stop' | 'advance', json?: RunRequest | AdvanceRequest): Promise<RunStarted | undefined> {
    view.busy = true
    view.refused = undefined
    try {
      return await api<RunStarted>(demoPath(id, action), { method: 'POST', json })
    }
    catch (err) {
      // Without a server a paced demo's step plays the rest of its recording: the static deck has no run to advance.
      if (!(isNoServer(err) && await local.act(action === 'stop'
        ? 'stop'
        : 'run'))) {
        view.refused = (err as Error).message
      }
    }
    finally {
      view.busy = false
    }
  }

  let clicks = Promise.resolve()
  /**
   * The presenter's click for step `step` of a paced demo: the waiting run goes on through it, or,
   * with no run waiting (the first click, or the last run ended), a paced run starts and runs to it.
   */
  function pace(step: number): Promise<void> {
    // One click after the other: a quick second click must find the run the first one started,
    // before its `run` event has come back on the stream.
    clicks = clicks.then(async () => {
      // A run going on (ours, or one this window found on the stream after a reload) is advanced;
      // with none, or when the server has none waiting (Run all, ended when idle), the click starts one.
      const ours = pacedRunId !== undefined && !(view.runId === pacedRunId && isRunOver(view.state))
      const on = ours || (view.state !== 'idle' && !isRunOver(view.state))
      if (on && await act('advance', { step }))
        return
      // Our run already ran this step before it ended (the last click, Run the rest): a click
      // back and forth shows nothing new; only the first step's click starts over.
      if (!on && pacedRunId !== undefined && view.runId === pacedRunId && step > 0 && step <= (view.step ?? -1))
        return
      pacedRunId = (await act('run', { untilStep: step }))?.runId
    })
    return clicks
  }

  return {
    view,
    connect,
    disconnect,
    showRecording,
    run: async () => { await act('run') },
    stop: async () => { await act('stop') },
    pace,
  }
}
