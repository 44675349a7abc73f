// Records one shell session for offline replay and the PDF: the session's own script
// (recordScript) typed a line at a time, each once the prompt is back, in a real session.
import type Docker from 'dockerode'
import type { ShellRecording } from '../../demos/shell-recording'
import type { ShellDef } from '../../demos/types'
import { SHELL_RECORDING_FORMAT } from '../../demos/shell-recording'
import { ShellSession } from './session'

/** The grid the recording is made in; the slide's terminal is about this size. */
const SIZE = { cols: 80, rows: 16 }
const PROMPT_WAIT_MS = 15_000

export async function recordShell(docker: Docker, def: ShellDef, engine: ShellRecording['engine']): Promise<ShellRecording> {
  const events: ShellRecording['events'] = []
  let startedAt = Date.now()
  let sinceInput = ''
  let changed = (): void => {}
  let endedWith: string | undefined
  // No engine means no recording: an old one must not be recorded again.
  const session = new ShellSession(docker, def, 60, async () => undefined)
  session.feed.subscribe(({ data: m }) => {
    if (m.type === 'output') {
      events.push({ t: Date.now() - startedAt, data: m.data })
      sinceInput += m.data
    }
    if (m.type === 'state' && m.state === 'ended')
      endedWith = m.message ?? 'ended'
    changed()
  })
  /** Resolves once `done` holds, checked on every message of the session. */
  const until = (done: () => boolean, what: string): Promise<void> => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`recording ${def.id}: no ${what} within ${PROMPT_WAIT_MS} ms; so far:\n${sinceInput}`)), PROMPT_WAIT_MS)
    changed = () => {
      if (!done())
        return
      clearTimeout(timer)
      resolve()
    }
    changed()
  })
  try {
    await session.resize(SIZE.cols, SIZE.rows)
    startedAt = Date.now()
    await session.start()
    for (const line of def.recordScript ?? []) {
      // busybox's line editor follows its prompt with terminal queries (ESC[6n) and clears (ESC[J).
      // eslint-disable-next-line no-control-regex -- ESC is what the escape sequences start with
      await until(() => /\$ (?:\x1B\[[\d;]*[A-Z])*$/i.test(sinceInput) || endedWith !== undefined, 'prompt')
      if (endedWith)
        throw new Error(`recording ${def.id}: the session ended early (${endedWith})`)
      sinceInput = ''
      session.input(`${line}\r`)
    }
    await until(() => endedWith !== undefined, 'end of the session (the script ends with exit)')
  }
  finally {
    await session.end('recorded')
  }
  return {
    format: SHELL_RECORDING_FORMAT,
    sessionId: def.id,
    title: def.title,
    recordedAt: new Date(startedAt).toISOString(),
    engine,
    ...SIZE,
    durationMs: Date.now() - startedAt,
    events,
  }
}
