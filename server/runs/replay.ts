// A replayed run: when no engine answers, the demo's recording (demos/recordings/<id>.json) plays
// through the demo's own channel, so the presenter, the audience and remote followers see the same
// replay a live run would have given them. The playing itself is demos/recording.ts's player.
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Recording } from '../../demos/recording'
import { parseRecording, playRecording } from '../../demos/recording'
import { PROJECT_ROOT } from '../../shared/paths'
import type { Channel } from './channel'
import type { ActiveRun } from './run'
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
    if ((err as { code?: string }).code === 'ENOENT') return undefined
    throw err
  }
  return JSON.parse(text)
}

export async function loadRecording(id: string): Promise<Recording | undefined> {
  const json = await readRecording(id)
  return json === undefined ? undefined : parseRecording(json, `recording of ${id}`)
}

export function startReplay(channel: Channel, recording: Recording, reason: string): ActiveRun {
  const out = openRun(channel, {
    runId: `replay-${randomUUID().slice(0, 8)}`,
    demoId: recording.demoId,
    replay: { recordedAt: recording.recordedAt, reason },
    at: Date.now(),
  })
  const controller = new AbortController()
  let abandoned = false
  const playback = playRecording(recording, e => out.publish(e.event, e.data), {
    signal: controller.signal,
    // A pending replay must not keep a stopping server alive.
    setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  })
  const done = playback.done.then((complete) => {
    if (!complete) publishEnd(out.publish, { code: 137, oomKilled: false, stopped: true, reason: String(controller.signal.reason) })
  })
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
    finishNow: () => playback.finishNow(),
  }
}
