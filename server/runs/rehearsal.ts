// The rehearsal a speaker runs at the venue: every demo of the talk once, in slide order, on the
// engine the talk will use, each compared with its recording (same exit code, same step count).
import type Docker from 'dockerode'
import type { Recording } from '../../demos/recording'
import type { Demo } from '../../demos/types'
import type { RehearsalRow } from '../../shared/protocol'
import type { SlideDemos } from '../../shared/slide-demos'
import type { RunRegistry } from './registry'
import { rehearsalOrder } from '../../shared/slide-demos'
import { engineHealth } from '../engine/client'
import { readyDemos } from '../engine/readiness'
import { recordRun } from './record-run'
import { loadRecording } from './replay'

const stepsOf = (r: Recording): number => r.events.filter(e => e.event === 'step').length
function exitOf(r: Recording): string {
  return 'exit' in r.end
    ? `exit ${r.end.exit.code}`
    : 'error'
}

/** How a live run compares with its recording, and the difference in words when it does not match. */
function compare(live: Recording, recorded: Recording | undefined): Pick<RehearsalRow, 'sameShape' | 'note'> {
  if (!recorded)
    return { note: 'no recording to compare with' }
  const diffs: string[] = []
  if (exitOf(live) !== exitOf(recorded))
    diffs.push(`${exitOf(live)}, recorded ${exitOf(recorded)}`)
  if (stepsOf(live) !== stepsOf(recorded))
    diffs.push(`${stepsOf(live)} steps, recorded ${stepsOf(recorded)}`)
  return diffs.length
    ? {
        sameShape: false,
        note: diffs.join('; '),
      }
    : { sameShape: true }
}

async function rehearseOne(registry: RunRegistry, demo: Demo, engine: Recording['engine']): Promise<Omit<RehearsalRow, 'slide' | 'demo'>> {
  const recorded = await loadRecording(demo.id).catch(() => undefined)
  let live: Recording
  try {
    live = await recordRun(registry, demo, engine)
  }
  catch (err) {
    return { outcome: 'failed', note: (err as Error).message }
  }
  const firstOutputMs = live.events.find(e => e.event === 'stdout' || e.event === 'stderr')?.t
  const timing = {
    ...(firstOutputMs === undefined
      ? {}
      : { firstOutputMs }),
    totalMs: live.durationMs,
  }
  if ('error' in live.end)
    return { outcome: 'failed', ...timing, note: live.end.error }
  return {
    outcome: 'live',
    ...timing,
    ...compare(live, recorded),
  }
}

/** One demo: live when the engine answers and its images are built, else what the deck would do instead. */
export async function rehearseDemo(docker: Docker, registry: RunRegistry, demo: Demo): Promise<Omit<RehearsalRow, 'slide'>> {
  const health = await engineHealth(docker, 10_000)
  if (!health.reachable)
    return { demo: demo.id, outcome: 'replay', note: health.error }
  if (!(await readyDemos(docker, [demo])).length)
    return { demo: demo.id, outcome: 'replay', note: `image not built: ${demo.images.join(', ')} (npm run demos:prepare)` }
  const engine = {
    version: health.version ?? 'unknown',
    ...(health.apiVersion
      ? { apiVersion: health.apiVersion }
      : {}),
  }
  return {
    demo: demo.id,
    ...await rehearseOne(registry, demo, engine),
  }
}

/** Runs each demo once (a demo on two slides: at its first), reporting each row as it is done. */
export async function rehearse(
  docker: Docker,
  registry: RunRegistry,
  slides: readonly SlideDemos[],
  onRow: (row: RehearsalRow) => void = () => {},
): Promise<RehearsalRow[]> {
  const rows: RehearsalRow[] = []
  for (const { slide, demo: id } of rehearsalOrder(slides)) {
    const demo = registry.demo(id)
    if (!demo)
      throw new Error(`slide ${slide}: unknown demo "${id}"`)
    const row = {
      slide,
      ...await rehearseDemo(docker, registry, demo),
    }
    rows.push(row)
    onRow(row)
  }
  return rows
}
