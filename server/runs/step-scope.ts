import type Docker from 'dockerode'
import type { StreamEventName, StreamEvents } from '../../shared/protocol'
import type { RunObjects } from './objects'
// What a run's step verbs act in: the engine, this run's objects, where their output goes, and the stop signal.

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

/** The scope the verbs get: the run's, with print and the mark of its first start. */
export type Scope = RunScope & { print: (text: string) => void, markRunning: () => void }

export const write = (s: RunScope) => (stream: 'stdout' | 'stderr', text: string): void => s.sink.emit(stream, { text })
