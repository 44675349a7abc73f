import type { Playback, Recording } from '../../demos/recording'
import type { Channel } from './channel'
import type { ActiveRun } from './run'
// A replayed run: when no engine answers, the demo's recording (demos/recordings/<id>.json) plays
// through the demo's own channel, so the presenter, the audience and remote followers see the same
// replay a live run would have given them. The playing itself is demos/recording.ts's player.
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseRecording, playRecording } from '../../demos/recording'
import { PROJECT_ROOT } from '../../shared/paths'
import { StepGate } from './pacing'
import { openRun, publishEnd } from './run'

export const RECORDINGS_DIR = resolve(PROJECT_ROOT, 'demos/recordings')

export type LoadRecording = (id: string) => Promise<Recording | undefined>

/** A committed recording's JSON (`<id>.json` under `dir` of demos/recordings), or undefined if there is none. */
export async function readRecording(id: string, dir = ''): Promise<unknown> {
  let text: string
  try {
    text = await readFile(resolve(RECORDINGS_DIR, dir, `${encodeURIComponent(id)}.json`), 'utf8')
  }
  catch (err) {
    if ((err as { code?: string }).code === 'ENOENT')
      return undefined
    throw err
  }
  return JSON.parse(text)
}

export async function loadRecording(id: string): Promise<Recording | undefined> {
  const json = await readRecording(id)
  return json === undefined
    ? undefined
    : parseRecording(json, `recording of ${id}`)
}

/**
 * Plays the recording on the demo's channel. With `untilStep`, paced as a live run would be: the
 * events of steps 0 to `untilStep` now, each next step's when the presenter advances.
 */
export function startReplay(channel: Channel, recording: Recording, reason: string, untilStep?: number): ActiveRun {
  const out = openRun(channel, {
    runId: `replay-${randomUUID().slice(0, 8)}`,
    demoId: recording.demoId,
    replay: { recordedAt: recording.recordedAt, reason, engine: recording.engine.version },
    at: Date.now(),
  })
  const controller = new AbortController()
  let abandoned = false
  let hurry = false
  let playback: Playback | undefined
  const gate: StepGate = new StepGate(untilStep !== undefined, untilStep, {
    waiting: () => out.publish('waiting', { next: gate.allowedThrough + 1 }),
  })
  const done = (async () => {
    for (const part of stepParts(recording)) {
      if (!await gate.before(part.step, controller.signal))
        break
      playback = playRecording(part.recording, e => out.publish(e.event, e.data), {
        signal: controller.signal,
        atOnce: hurry,
        // A pending replay must not keep a stopping server alive.
        setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
      })
      if (!await playback.done)
        break
    }
    if (controller.signal.aborted) {
      publishEnd(out.publish, {
        code: 137,
        oomKilled: false,
        stopped: true,
        reason: String(controller.signal.reason),
      })
    }
  })()
  return {
    info: out.info,
    done,
    stop: reason => controller.abort(reason),
    abandon: () => {
      abandoned = true
      out.close()
      controller.abort('abandoned')
    },
    get abandoned() { return abandoned },
    finishNow: () => {
      hurry = true
      gate.allow(Number.POSITIVE_INFINITY)
      playback?.finishNow()
    },
    gate,
  }
}

/**
 * The recording cut at its step boundaries, each part timed from its own start: what comes before
 * the first step goes with it, the run's end with the last.
 */
export function stepParts(recording: Recording): { step: number, recording: Recording }[] {
  const parts: { step: number, events: Recording['events'] }[] = []
  let before: Recording['events'] = []
  for (const e of recording.events) {
    if (e.event === 'step') {
      parts.push({ step: e.data.index, events: before })
      before = []
    }
    (parts.at(-1)?.events ?? before).push(e)
  }
  if (!parts.length)
    parts.push({ step: 0, events: before })
  return parts.map(({ step, events }) => {
    const from = events[0]?.t ?? 0
    return {
      step,
      recording: {
        ...recording,
        events: events.map(e => e.event === 'status'
          ? {
              ...e,
              t: e.t - from,
              data: {
                ...e.data,
                at: Math.max(0, e.data.at - from),
              },
            }
          : { ...e, t: e.t - from }),
      },
    }
  })
}
