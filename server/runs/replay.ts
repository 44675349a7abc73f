// Offline replay: when no engine answers, a demo's recording (demos/recordings/<id>.json) plays
// through the demo's own channel, so the presenter, the audience and remote followers see the same
// replay a live run would have given them. The playing itself is demos/recording.ts's player.
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Playback, Recording } from '../../demos/recording'
import { parseRecording, playRecording } from '../../demos/recording'
import { HttpError } from '../http/errors'
import { PROJECT_ROOT } from '../../shared/paths'
import { FINAL_STATES } from '../../shared/protocol'
import type { RunRegistry } from './registry'

export const RECORDINGS_DIR = pathToFileURL(resolve(PROJECT_ROOT, 'demos/recordings') + '/')

interface ActiveReplay {
  runId: string
  recordedAt: string
  playback: Playback
  controller: AbortController
}

export interface ReplayStarted { runId: string, recordedAt: string, atOnce: boolean }

export async function loadRecording(id: string, dir: URL = RECORDINGS_DIR): Promise<Recording | undefined> {
  let text: string
  try {
    text = await readFile(new URL(`${encodeURIComponent(id)}.json`, dir), 'utf8')
  }
  catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined
    throw err
  }
  return parseRecording(JSON.parse(text), `recording of ${id}`)
}

export class ReplayService {
  private readonly active = new Map<string, ActiveReplay>()

  constructor(
    private readonly registry: RunRegistry,
    private readonly load: (id: string) => Promise<Recording | undefined> = loadRecording,
  ) {}

  /**
   * Plays the demo's recording on its channel. Asked again while it plays, it plays the rest at
   * once: the speaker's second click on Run.
   */
  async replay(id: string, reason: string): Promise<ReplayStarted> {
    const demo = this.registry.demo(id)
    const playing = this.active.get(id)
    if (playing && !playing.playback.finished) {
      playing.playback.finishNow()
      return { runId: playing.runId, recordedAt: playing.recordedAt, atOnce: true }
    }
    const live = this.registry.current(id)
    if (live && !FINAL_STATES.includes(live.state)) throw new HttpError(409, `demo "${id}" is running live; stop it first`)
    if (demo.recording === false) throw new HttpError(409, `demo "${id}" is not recorded, so it cannot replay without an engine`)
    const recording = await this.load(id)
    if (!recording) throw new HttpError(404, `no recording of demo "${id}": run npm run record ${id} while an engine is reachable`)

    const channel = this.registry.channel(id)
    // A live run started later (the engine came back) takes the channel over: the replay ends quietly.
    const liveRunBefore = this.registry.current(id)?.runId
    const superseded = (): boolean => this.registry.current(id)?.runId !== liveRunBefore
    const runId = `replay-${Date.now().toString(36)}`
    const controller = new AbortController()
    channel.begin({ runId, demoId: id, replay: { recordedAt: recording.recordedAt, reason }, at: Date.now() })
    const playback = playRecording(recording, (e) => {
      if (superseded()) return controller.abort('superseded by a live run')
      channel.publish(e.event, e.data)
    }, {
      signal: controller.signal,
      // A pending replay must not keep a stopping server alive.
      setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
    })
    const entry: ActiveReplay = { runId, recordedAt: recording.recordedAt, playback, controller }
    this.active.set(id, entry)
    void playback.done.then(() => {
      if (this.active.get(id) === entry) this.active.delete(id)
    })
    return { runId, recordedAt: recording.recordedAt, atOnce: false }
  }

  /** Stops the demo's replay, if one is playing, the way Stop ends a live run. */
  stop(id: string, reason = 'stopped by the speaker'): boolean {
    const playing = this.active.get(id)
    if (!playing || playing.playback.finished) return false
    playing.controller.abort(reason)
    this.active.delete(id)
    const channel = this.registry.channel(id)
    channel.publish('status', { state: 'stopped', at: Date.now(), message: reason })
    channel.publish('exit', { code: 137, oomKilled: false, stopped: true, reason })
    return true
  }

  stopAll(): void {
    for (const id of [...this.active.keys()]) this.stop(id, 'server shutting down')
  }
}
