// A demo's recorded run, and the one player for it. The same module is used by the recorder
// (scripts/record.ts), the server's offline replay (server/runs/replay.ts) and the browser's
// (composables/localPlayback.ts: the printed slide, the static deck): nothing here touches the
// file system, the network or the DOM.
import type { StreamEvent, StreamEvents } from '../shared/protocol'

export const RECORDING_FORMAT = 1

/** Output kept per recording; a demo that writes megabytes keeps its head and a truncation marker. */
export const DEFAULT_OUTPUT_CAP = 64 * 1024

/** Everything a run emits after its `run` event; `status.at` is stored relative to the start. */
export type RecordedEventName = Exclude<keyof StreamEvents, 'run' | 'dropped'>

export type RecordedEvent = {
  [K in RecordedEventName]: { t: number, event: K, data: StreamEvents[K] }
}[RecordedEventName]

export interface Recording {
  format: typeof RECORDING_FORMAT
  demoId: string
  title: string
  /** The demo's CLI lines when it was recorded; a test keeps them equal to the catalog's. */
  cli: string[]
  /** ISO date and time of the recording. */
  recordedAt: string
  engine: { version: string, apiVersion?: string }
  durationMs: number
  /** How the run ended: `exit` or `error`. */
  end: { exit: StreamEvents['exit'] } | { error: string }
  /** Output bytes the run wrote beyond the cap, not stored. */
  truncatedBytes: number
  /** Milliseconds after the start, in order. */
  events: RecordedEvent[]
}

/** Marker written into the stored output where the cap cut it off. */
export function truncationNotice(bytes: number): string {
  return `\n[… ${bytes.toLocaleString('en-US')} more bytes of output were not kept in this recording …]\n`
}

/** Builds a recording from the events of one live run, as they arrive. */
export class Recorder {
  private readonly events: RecordedEvent[] = []
  private outputBytes = 0
  private truncatedBytes = 0
  private markerIndex = -1
  private end: Recording['end'] | undefined

  constructor(private readonly startedAt: number, private readonly cap = DEFAULT_OUTPUT_CAP) {}

  /** Takes one event of the run (not `run` itself); returns true once the run has ended. */
  add<K extends keyof StreamEvents>(event: K, data: StreamEvents[K], now = Date.now()): boolean {
    const t = Math.max(0, now - this.startedAt)
    switch (event) {
      case 'run':
      case 'dropped':
        // The recorder subscribes before the run starts, so the server never drops for it.
        return false
      case 'stdout':
      case 'stderr':
        this.addOutput(t, event, (data as StreamEvents['stdout']).text)
        return false
      case 'status': {
        const status = data as StreamEvents['status']
        this.events.push({
          t,
          event: 'status',
          data: {
            ...status,
            at: Math.max(0, status.at - this.startedAt),
          },
        })
        return false
      }
      case 'exit':
        this.end = { exit: data as StreamEvents['exit'] }
        break
      case 'error':
        this.end = { error: (data as StreamEvents['error']).error }
        break
    }
    this.events.push({ t, event, data } as RecordedEvent)
    return event === 'exit' || event === 'error'
  }

  finish(meta: Pick<Recording, 'demoId' | 'title' | 'cli' | 'engine'>, recordedAt = new Date()): Recording {
    if (!this.end)
      throw new Error(`the run of ${meta.demoId} has not ended`)
    if (this.markerIndex >= 0) {
      const marker = this.events[this.markerIndex] as { data: { text: string } }
      marker.data.text = truncationNotice(this.truncatedBytes)
    }
    return {
      format: RECORDING_FORMAT,
      ...meta,
      recordedAt: recordedAt.toISOString(),
      durationMs: this.events.at(-1)?.t ?? 0,
      end: this.end,
      truncatedBytes: this.truncatedBytes,
      events: this.events,
    }
  }

  private addOutput(t: number, stream: 'stdout' | 'stderr', text: string): void {
    const room = this.cap - this.outputBytes
    const kept = text.length <= room
      ? text
      : text.slice(0, Math.max(0, room))
    if (kept) {
      this.events.push({
        t,
        event: stream,
        data: { text: kept },
      })
      this.outputBytes += kept.length
    }
    if (kept.length === text.length)
      return
    this.truncatedBytes += text.length - kept.length
    if (this.markerIndex < 0) {
      // The marker counts the final total, filled in by finish().
      this.markerIndex = this.events.length
      this.events.push({
        t,
        event: 'stderr',
        data: { text: '' },
      })
    }
  }
}

/** Checks a parsed JSON file is a recording this code can play. */
export function parseRecording(json: unknown, source = 'recording'): Recording {
  const r = json as Partial<Recording> | null
  if (!r || typeof r !== 'object' || r.format !== RECORDING_FORMAT)
    throw new Error(`${source}: not a recording of format ${RECORDING_FORMAT}`)
  if (typeof r.demoId !== 'string' || !Array.isArray(r.cli) || !Array.isArray(r.events) || typeof r.recordedAt !== 'string' || !r.end)
    throw new Error(`${source}: incomplete recording`)
  return r as Recording
}

/** The stdout and stderr of a recording, each as one text (for tests and checks). */
export function recordedOutput(recording: Recording, stream: 'stdout' | 'stderr'): string {
  return recording.events.flatMap(e => e.event === stream
    ? [e.data.text]
    : []).join('')
}

/** What a played event becomes: the same payloads a live run streams, `status.at` made absolute. */
export type PlayedEvent = Exclude<StreamEvent, { event: 'run' | 'dropped' }>

export interface PlayOptions {
  /** Emit everything now, without the original pauses. */
  atOnce?: boolean
  /** Aborting stops the playback; nothing is emitted after it. */
  signal?: AbortSignal
  /** Wall-clock time the playback is based on; `status.at` = base + recorded offset. */
  now?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

export interface Playback {
  /** Resolves true when every event was emitted, false when aborted first. */
  done: Promise<boolean>
  /** Emits the rest at once (the speaker clicked Run again during a replay). */
  finishNow: () => void
  readonly finished: boolean
}

/** Plays a recording at its original pace (or at once) into `emit`. */
export function playRecording(recording: Recording, emit: (e: PlayedEvent) => void, options: PlayOptions = {}): Playback {
  const now = options.now ?? Date.now
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? (t => clearTimeout(t as ReturnType<typeof setTimeout>))
  const base = now()
  const events = recording.events
  let next = 0
  let timer: unknown
  let finished = false
  let resolveDone!: (complete: boolean) => void
  const done = new Promise<boolean>((r) => {
    resolveDone = r
  })

  // Declarations, hoisted: `end` removes this listener, and the listener calls `end`.
  function onAbort(): void {
    end(false)
  }
  function end(complete: boolean): void {
    if (finished)
      return
    finished = true
    if (timer !== undefined)
      clearTimer(timer)
    timer = undefined
    options.signal?.removeEventListener('abort', onAbort)
    resolveDone(complete)
  }

  /** Emits every event that is due by `upTo` ms, then schedules the next one. */
  const pump = (upTo: number): void => {
    timer = undefined
    // `emit` may end the playback (a listener stops it), which sets `finished`.
    // eslint-disable-next-line no-unmodified-loop-condition
    while (!finished && next < events.length && events[next]!.t <= upTo) {
      const e = events[next++]!
      emit(e.event === 'status'
        ? {
            event: 'status',
            data: { ...e.data, at: base + e.data.at },
          }
        : { event: e.event, data: e.data } as PlayedEvent)
    }
    if (finished)
      return
    if (next >= events.length)
      return end(true)
    const wait = Math.max(0, events[next]!.t - (now() - base))
    timer = setTimer(() => pump(now() - base), wait)
  }

  if (options.signal?.aborted) {
    end(false)
  }
  else {
    options.signal?.addEventListener('abort', onAbort, { once: true })
    pump(options.atOnce ? Number.POSITIVE_INFINITY : 0)
  }

  return {
    done,
    finishNow: () => {
      if (finished)
        return
      if (timer !== undefined)
        clearTimer(timer)
      pump(Number.POSITIVE_INFINITY)
    },
    get finished() { return finished },
  }
}
