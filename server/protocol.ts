// The HTTP contract between the server, the deck and any other client.
// Types only: imported by the browser code as well as the server.

export type RunState = 'queued' | 'creating' | 'running' | 'exited' | 'stopped' | 'failed'

export const FINAL_STATES: readonly RunState[] = ['exited', 'stopped', 'failed']

export interface DemoSummary {
  id: string
  title: string
  /** The equivalent `docker` CLI lines the slide displays, one per step. */
  cli: string[]
}

export interface EngineHealth {
  engine: { reachable: boolean, version?: string, apiVersion?: string, error?: string }
  /** Ids of demos whose images are built (and, where prewarmed, whose container is created). */
  ready?: string[]
  prewarmed?: string[]
}

/** Payloads of the Server-Sent Events on `/api/demos/:id/events`, keyed by event name. */
export interface StreamEvents {
  /** A new run begins: clients clear their output. Always the first event a subscriber gets. */
  run: { runId: string, demoId: string, replay?: { recordedAt: string, reason: string }, at: number }
  status: { state: RunState, at: number, message?: string }
  /** A step begins; `index` into the demo's cli list. */
  step: { index: number, cli: string }
  stdout: { text: string }
  stderr: { text: string }
  /** Older output was dropped from the server's bounded history; late joiners see this. */
  dropped: { bytes: number }
  exit: { code: number, oomKilled: boolean, stopped: boolean, reason?: string }
  error: { error: string }
}

export type StreamEventName = keyof StreamEvents

export type StreamEvent = {
  [K in StreamEventName]: { event: K, data: StreamEvents[K] }
}[StreamEventName]

export interface RunAccepted { runId: string }

export interface ApiError { error: string }
