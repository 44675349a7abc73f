// Which demos are on which slide, for the presenter: the status bar shows the current and next
// slides' demos, and the run shortcut (setup/shortcuts.ts) runs the current slide's.
import { reactive } from 'vue'

type Runner = () => Promise<void>

const bySlide = reactive(new Map<number, Map<string, Runner>>())

/** Called by each <DockerDemo> for its slide; returns the function that unregisters it. */
export function registerSlideDemo(slide: number, id: string, run: Runner): () => void {
  let demos = bySlide.get(slide)
  if (!demos) bySlide.set(slide, demos = new Map())
  demos.set(id, run)
  return () => {
    const current = bySlide.get(slide)
    // Slidev can mount one slide twice (presenter view and its next-slide preview).
    if (current?.get(id) === run) current.delete(id)
  }
}

export function demosOnSlide(slide: number): string[] {
  return [...bySlide.get(slide)?.keys() ?? []]
}

/** Runs every demo on the slide; false when it has none. */
export function runDemosOnSlide(slide: number): boolean {
  const demos = bySlide.get(slide)
  if (!demos?.size) return false
  for (const run of demos.values()) void run()
  return true
}
