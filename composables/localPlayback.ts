// A demo's recording played in this window, from the recordings bundled with the deck
// (composables/recordings.ts): whole and at once on paper (print mode), at its own pace when no
// demo server answers at all (the static deck after the talk). With a server, the server plays
// recordings (server/runs/replay.ts) so that every window sees the same replay.
import type { Playback, Recording } from '../demos/recording'
import type { StreamEventName, StreamEvents } from '../shared/protocol'
import { playRecording } from '../demos/recording'
import { loadRecording } from './recordings'

/** The replay label's reason when the deck has no demo server. */
export const NO_SERVER_REASON = 'no demo server'

type Handle = (name: StreamEventName, data: StreamEvents[StreamEventName]) => void

export function useLocalPlayback(id: string, handle: Handle) {
  let current: { playback: Playback, controller: AbortController } | undefined

  function play(recording: Recording, reason: string, atOnce: boolean): void {
    current?.controller.abort('replaced')
    const controller = new AbortController()
    // On paper the clock starts at 0, so the elapsed time shown is the recording's own.
    const now = atOnce
      ? () => 0
      : Date.now
    handle('run', {
      runId: atOnce ? 'recording' : 'local-replay',
      demoId: id,
      at: now(),
      replay: { recordedAt: recording.recordedAt, reason, engine: recording.engine.version },
    })
    const playback = playRecording(recording, e => handle(e.event, e.data), { atOnce, now, signal: controller.signal })
    current = { playback, controller }
    void playback.done.then((complete) => {
      if (complete || controller.signal.reason !== 'stopped')
        return
      // As a stopped run ends on the server (server/runs/run.ts publishEnd).
      handle('status', {
        state: 'stopped',
        at: Date.now(),
        message: 'stopped',
      })
      handle('exit', {
        code: 137,
        oomKilled: false,
        stopped: true,
        reason: 'stopped',
      })
    })
  }

  return {
    /** The whole recording at once (print mode). */
    show: (recording: Recording) => play(recording, 'recorded', true),
    /**
     * Run or Stop with no demo server: a Run during a replay shows the rest at once, as the
     * server does. False when there is nothing to play (no recording) or to stop.
     */
    async act(action: 'run' | 'stop'): Promise<boolean> {
      const playing = current && !current.playback.finished
        ? current
        : undefined
      if (action === 'stop') {
        playing?.controller.abort('stopped')
        return playing !== undefined
      }
      if (playing) {
        playing.playback.finishNow()
        return true
      }
      const recording = await loadRecording(id).catch(() => undefined)
      if (recording)
        play(recording, NO_SERVER_REASON, false)
      return recording !== undefined
    },
  }
}
