// The committed recordings (demos/recordings/*.json) as the browser sees them: bundled, loaded
// only when a slide needs one (print mode, or a static deck with no demo server), so printing and
// the deck shared after the talk need no server at all.
import type { Recording } from '../demos/recording'
import type { ShellRecording } from '../demos/shell-recording'
import { parseRecording } from '../demos/recording'
import { parseShellRecording } from '../demos/shell-recording'

const loaders = import.meta.glob<unknown>('../demos/recordings/*.json', { import: 'default' })

const pathOf = (id: string): string => `../demos/recordings/${id}.json`

export function hasRecording(id: string): boolean {
  return pathOf(id) in loaders
}

export async function loadRecording(id: string): Promise<Recording | undefined> {
  const load = loaders[pathOf(id)]
  return load
    ? parseRecording(await load(), `recording of ${id}`)
    : undefined
}

/** "25 Nov 2026": the date a recording was made, as the slide shows it. */
export function recordedDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

const shellLoaders = import.meta.glob<unknown>('../demos/recordings/shells/*.json', { import: 'default' })

/** The recorded session of a live shell slide (npm run record), for print and the static deck. */
export async function loadShellRecording(id: string): Promise<ShellRecording | undefined> {
  const load = shellLoaders[`../demos/recordings/shells/${id}.json`]
  return load
    ? parseShellRecording(await load(), `shell recording of ${id}`)
    : undefined
}
