import type { ShellRecording } from '../demos/shell-recording'
// With no demo server at all (the static deck after the talk), a live shell slide plays its
// recorded session (demos/recordings/shells/) in this window, through the same messages the server
// sends when it replays with no engine (server/shell/session.ts): the slide cannot tell the two apart.
import type { TerminalServerMessage } from '../shared/protocol'
import { loadShellRecording } from './recordings'

export function localShellReplay(id: string, handle: (msg: TerminalServerMessage) => void) {
  let recording: ShellRecording | undefined
  let timers: ReturnType<typeof setTimeout>[] = []
  const halt = (): void => {
    timers.forEach(clearTimeout)
    timers = []
  }
  const state = (s: 'idle' | 'running' | 'ended', extra: { message?: string, reset?: boolean } = {}): void =>
    handle({
      type: 'state',
      state: s,
      at: Date.now(),
      ...extra,
      ...(recording
        ? { recordedAt: recording.recordedAt, recordedOn: recording.engine.version }
        : {}),
    })

  return {
    /** Loads the recording; this window controls it (it is the only one). False when there is none. */
    async open(): Promise<boolean> {
      recording ??= await loadShellRecording(id).catch(() => undefined)
      if (!recording)
        return false
      handle({ type: 'role', role: 'control', reason: 'no demo server: the recorded session plays in this window' })
      if (!timers.length)
        state('idle')
      return true
    },
    /** Plays the session at its pace, in its grid, from the start. */
    start(): void {
      if (!recording)
        return
      const played = recording
      halt()
      state('running', { reset: true })
      handle({ type: 'size', cols: played.cols, rows: played.rows })
      timers = played.events.map(e => setTimeout(handle, e.t, { type: 'output', data: e.data }))
      timers.push(setTimeout(() => {
        timers = []
        state('ended', { message: 'end of the recording' })
      }, played.durationMs))
    },
    end(): void {
      halt()
      state('ended', { message: 'ended' })
    },
    close: halt,
  }
}
