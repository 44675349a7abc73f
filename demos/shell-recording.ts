// A recorded shell session (demos/recordings/shells/<id>.json): what the live shell slide shows
// offline and in the PDF, marked as recorded. Made by `npm run record` (server/shell/record.ts).
export const SHELL_RECORDING_FORMAT = 1

export interface ShellRecording {
  format: typeof SHELL_RECORDING_FORMAT
  sessionId: string
  title: string
  /** ISO date and time of the recording. */
  recordedAt: string
  engine: { version: string }
  /** The TTY's size while recording: replay draws the same grid. */
  cols: number
  rows: number
  durationMs: number
  /** Terminal output, milliseconds after the start, in order. */
  events: { t: number, data: string }[]
}

export function parseShellRecording(json: unknown, source = 'shell recording'): ShellRecording {
  const r = json as Partial<ShellRecording> | null
  if (!r || typeof r !== 'object' || r.format !== SHELL_RECORDING_FORMAT || !Array.isArray(r.events) || typeof r.recordedAt !== 'string' || !r.cols || !r.rows)
    throw new Error(`${source}: not a shell recording of format ${SHELL_RECORDING_FORMAT}`)
  return r as ShellRecording
}

/** Everything the session wrote, as one text with the terminal's escape codes. */
export function shellOutput(recording: ShellRecording): string {
  return recording.events.map(e => e.data).join('')
}
