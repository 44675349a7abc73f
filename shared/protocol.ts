// The HTTP contract between the server, the deck and any other client.
// Types and constants only: imported by the browser code as well as the server.

/** The request header that carries the presenter secret (WebSockets send it in `hello`). */
export const PRESENTER_SECRET_HEADER = 'x-presenter-secret'

/** `POST /api/prewarm` takes the current and the next demo slide's demos: a slide shows one or two. */
export const MAX_PREWARMED = 4

export type RunState = 'queued' | 'creating' | 'running' | 'exited' | 'stopped' | 'failed'

const FINAL_STATES: readonly string[] = ['exited', 'stopped', 'failed'] satisfies RunState[]

/** A run in one of these states is over: nothing more happens in it. */
export function isRunOver(state: RunState | 'idle'): boolean {
  return FINAL_STATES.includes(state)
}

export interface DemoSummary {
  id: string
  title: string
  /** The equivalent `docker` CLI lines the slide displays, one per step. */
  cli: string[]
}

/** What the engine says of itself (server/engine/facts.ts), for the slides that speak of "this engine". */
export interface EngineFacts {
  version: string
  /** containerd: image ID = manifest digest; classic: image ID = config digest. */
  imageStore: 'containerd' | 'classic'
  /** overlay2 (classic store) or the snapshotter, e.g. overlayfs (containerd store). */
  storageDriver: string
  cgroupVersion: 1 | 2
  builder: 'buildkit' | 'legacy'
}

export interface EngineHealth {
  engine: { reachable: boolean, version?: string, apiVersion?: string, error?: string, facts?: EngineFacts }
  /** The Node.js running this server (`process.version`): the project is built for Node 24 LTS. */
  node: string
  /** Ids of demos whose images are built (and, where prewarmed, whose container is created). */
  ready?: string[]
  prewarmed?: string[]
  /**
   * Whether this client may run and stop demos: loopback clients may, another machine
   * (`slidev --remote`) only with the presenter secret.
   */
  control: boolean
}

/** Payloads of the Server-Sent Events on `/api/demos/:id/events`, keyed by event name. */
export interface StreamEvents {
  /** A new run begins: clients clear their output. Always the first event a subscriber gets. */
  /** replay.engine: the version of the engine that made the recording (Docker 20.10.24, 28.5.2). */
  run: { runId: string, demoId: string, replay?: { recordedAt: string, reason: string, engine?: string }, at: number }
  status: { state: RunState, at: number, message?: string }
  /** A step begins; `index` into the demo's cli list. */
  step: { index: number, cli: string }
  /**
   * A paced run (Demo.paced) has run its steps so far and waits for the presenter to advance:
   * step `next` runs on the next click. Its containers stay as they are until then.
   */
  waiting: { next: number }
  stdout: { text: string }
  stderr: { text: string }
  /** Older output was dropped from the server's bounded history; late joiners see this. */
  dropped: { bytes: number }
  exit: { code: number, oomKilled: boolean, stopped: boolean, reason?: string }
  error: { error: string }
  /** Structured progress of a `docker build` step; its text lines also arrive as `stdout`. */
  build: BuildStepEvent
}

export type BuildStepEvent
  /** The build begins on this builder (legacy: the deprecated classic builder). */
  = | { phase: 'builder', image: string, builder: 'buildkit' | 'legacy' }
  /** Step `step` of `total` begins. */
    | { phase: 'step', image: string, step: number, total: number, instruction: string }
  /** The step's layer came from the build cache. */
    | { phase: 'cached', image: string, step: number }
  /** BuildKit: the step ran, in `seconds`. */
    | { phase: 'finished', image: string, step: number, seconds: number }
  /** The image is built: its id (`sha256:…`) and size in bytes. */
    | { phase: 'done', image: string, id: string, size: number }

export type StreamEventName = keyof StreamEvents

export type StreamEvent = {
  [K in StreamEventName]: { event: K, data: StreamEvents[K] }
}[StreamEventName]

/** An event as a stream sends it: its sequence number (the SSE id), its name and its payload. */
export type Sent<E> = { [K in keyof E]: { readonly seq: number, readonly event: K, readonly data: E[K] } }[keyof E]

/** A run's last event: how it ended, or why it failed. */
export function endsRun(e: { event: string }): boolean {
  return e.event === 'exit' || e.event === 'error'
}

export interface ApiError { error: string }

/** `POST /api/demos/:id/run`'s body, optional. With `untilStep`: a paced run, steps 0 to it, then it waits. */
export interface RunRequest { untilStep?: number }

/** `POST /api/demos/:id/advance`'s body: the waiting paced run goes on through step `step`. */
export interface AdvanceRequest { step: number }

/** What both answer: the run, and the last step it may run (`null`: every step, Run all). */
export interface RunStarted { runId: string, through: number | null }

// ---- Interactive shell: the WebSocket on `/api/terminals/:id` ----

export type TerminalRole = 'control' | 'watch'
export type TerminalState = 'idle' | 'starting' | 'running' | 'ended'

/** What a window says about itself; the server decides from it (and the socket) who may type. */
export interface TerminalHello {
  type: 'hello'
  /** `presenter`: the presenter window; `deck`: a plain deck window. */
  view: 'presenter' | 'deck'
  /** The presenter secret, for a presenter on another machine (`slidev --remote`). */
  secret?: string
}

export type TerminalClientMessage
  = | TerminalHello
    | { type: 'start' }
    | { type: 'end' }
    | { type: 'input', data: string }
    | { type: 'resize', cols: number, rows: number }

export type TerminalServerMessage
  = | { type: 'info', id: string, title: string }
    | { type: 'role', role: TerminalRole, reason: string }
  /**
   * `reset` is true when a new session begins: clients clear their screen. `recordedAt`: with no
   * engine, the session is the recorded one (demos/recordings/shells/), made then, played to every window.
   */
    | { type: 'state', state: TerminalState, at: number, message?: string, reset?: boolean, recordedAt?: string, recordedOn?: string }
  /** The TTY's size, set by the controlling window; watchers mirror it. */
    | { type: 'size', cols: number, rows: number }
    | { type: 'output', data: string }
  /** `retryAfterSec`: too many wrong secrets from this address; try again after it. */
    | { type: 'error', error: string, retryAfterSec?: number }

// ---- Engine dashboard: Server-Sent Events on `/api/engine/events` ----

export interface DashboardContainer {
  id: string
  name: string
  image: string
  state: string
  /** The engine's own summary, e.g. "Up 3 seconds" or "Exited (0) 2 minutes ago". */
  status: string
  ports: string[]
  created: number
  /** Epoch ms when the running container started; uptime is counted from it. */
  startedAt?: number
  /** Made by this talk's server: the dashboard may stop and remove it. */
  ours: boolean
  demo?: string
}

export interface DashboardImage { id: string, tags: string[], size: number, layers: number, created: number, ours: boolean }
export interface DashboardVolume { name: string, driver: string, ours: boolean }
export interface DashboardNetwork { id: string, name: string, driver: string, ours: boolean }

/** Each event carries the full current list of its kind, sent when the engine reports a change. */
export interface DashboardEvents {
  containers: DashboardContainer[]
  images: DashboardImage[]
  volumes: DashboardVolume[]
  networks: DashboardNetwork[]
  engine: { reachable: boolean, error?: string }
}

/** One demo of `npm run rehearse` (and the presenter's Rehearse button), in slide order. */
export interface RehearsalRow {
  slide: number
  demo: string
  /** live: ran on the engine; replay: the deck would replay its recording (no engine, image not built); failed: ran and failed. */
  outcome: 'live' | 'replay' | 'failed'
  /** From the run's start to its first line of output. */
  firstOutputMs?: number
  totalMs?: number
  /** Same exit code and step count as its recording; absent when there is nothing to compare. */
  sameShape?: boolean
  note?: string
}

// ---- The presenter's position: `POST /api/position`, Server-Sent Events on `/api/position/events` ----

/** Where the presenter is: audience windows follow it. */
export interface PresenterPosition {
  /** Slide number, 1-based as Slidev counts. */
  slide: number
  /** Clicks done on that slide. */
  click: number
}

export interface PositionEvents {
  position: PresenterPosition & { at: number }
}

/** Bounds of a position the server accepts: no deck has this many slides or clicks. */
export const MAX_POSITION = 10_000

/** `GET /api/audience`: where the audience listener (`npm run dev -- --audience`) is reached. */
export interface AudienceInfo {
  /** One URL per address of this machine beyond loopback; empty when no listener runs. */
  urls: string[]
}
