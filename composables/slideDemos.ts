import type { SlideDemos } from '../shared/slide-demos'
// Which demos are on which slide, from the deck's one map (deck/slide-demos.ts, built from
// slides.md): the presenter toolbar shows the current slide's and the next demo slide's, prewarm
// keeps their containers ready, and the run shortcut (setup/shortcuts.ts) runs the current slide's
// through the Run of a mounted <DockerDemo>.
import slides from 'virtual:slide-demos'
import { demosOn, nextDemoSlide } from '../shared/slide-demos'
import { api, demoPath } from './api'

export { slides as slideDemos }

type Runner = () => Promise<void>

/** The Run of each mounted demo, by id: a demo on two slides runs the same server-side demo either way. */
const runners = new Map<string, Runner>()

/** Called by each <DockerDemo>; returns the function that unregisters it. */
export function registerDemoRunner(id: string, run: Runner): () => void {
  runners.set(id, run)
  return () => {
    // Slidev can mount one slide twice (presenter view and its next-slide preview).
    if (runners.get(id) === run)
      runners.delete(id)
  }
}

export function demosOnSlide(no: number): string[] {
  return demosOn(slides, no)
}

/** The next slide after `no` that shows demos, as prewarm counts it. */
export function nextDemos(no: number): SlideDemos | undefined {
  return nextDemoSlide(slides, no)
}

/**
 * Runs every demo on the slide, through its mounted Run; false when it has none. A slide still
 * loading has no mounted Run yet: its demos are asked of the server directly.
 */
export function runDemosOnSlide(no: number): boolean {
  const ids = demosOnSlide(no)
  for (const id of ids) void (runners.get(id)?.() ?? api(demoPath(id, 'run'), { method: 'POST' }).catch(() => {}))
  return ids.length > 0
}
