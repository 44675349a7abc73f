// Follows one demo's shared stream and keeps the slide's view of it: status, exit, errors.
// Output is handed to a sink (the terminal) rather than kept in reactive state, so a 10 MB run
// does not turn into 200k reactive array entries.
import { reactive } from 'vue'
import type { Recording } from '../demos/recording'
import type { BuildStepEvent, RunState, StreamEventName, StreamEvents } from '../shared/protocol'
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
}

const STREAM_EVENTS: StreamEventName[] = ['run', 'status', 'step', 'stdout', 'stderr', 'dropped', 'exit', 'error', 'build']

type Handlers = { [K in StreamEventName]: (data: StreamEvents[K]) => void }

/** How each stream event changes the view and the output: shared by live streams and printed recordings. */
function eventHandlers(view: DemoView, sink: OutputSink): Handlers {
  return {
    run: (d) => {
      Object.assign(view, { runId: d.runId, startedAt: d.at, endedAt: undefined, exitCode: undefined, oomKilled: false, stopped: false, stopReason: undefined, error: undefined, refused: undefined, replay: d.replay, build: [] })
      sink.reset()
    },
    status: (d) => {
      view.state = d.state
      if (isRunOver(d.state)) view.endedAt = d.at
    },
    step: d => sink.step(d.cli),
    stdout: d => sink.write('stdout', d.text),
    stderr: d => sink.write('stderr', d.text),
    dropped: d => sink.notice(`… ${d.bytes} bytes of earlier output dropped by the server …`),
    exit: (d) => {
      Object.assign(view, { exitCode: d.code, oomKilled: d.oomKilled, stopped: d.stopped, stopReason: d.reason })
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
  const view = reactive<DemoView>({ state: 'idle', oomKilled: false, stopped: false, busy: false, build: [] })
  const handlers = eventHandlers(view, sink)
  const handle = (name: StreamEventName, data: unknown): void => (handlers[name] as (d: unknown) => void)(data)
  // Slidev keeps slides alive and browsers allow few connections per origin: the slide connects only while shown.
  const { connect, disconnect } = useEventStream<StreamEvents>(`/api${demoPath(id, 'events')}`, STREAM_EVENTS, handle)

  const local = useLocalPlayback(id, handle)

  /** Shows a whole recording at once, without a server (print mode). */
  function showRecording(recording: Recording): void {
    local.show(recording)
  }

  /**
   * Run (live, or the recording when no engine answers: the server decides) or Stop. With no demo
   * server at all (the static deck), the recording plays in this window instead.
   */
  async function act(action: 'run' | 'stop'): Promise<void> {
    view.busy = true
    view.refused = undefined
    try {
      await api(demoPath(id, action), { method: 'POST' })
    }
    catch (err) {
      if (!(isNoServer(err) && await local.act(action))) view.refused = (err as Error).message
    }
    finally {
      view.busy = false
    }
  }

  return { view, connect, disconnect, showRecording, run: () => act('run'), stop: () => act('stop') }
}
