// The deck as Slidev numbers it, for tests that find a slide by what it shows, so they follow
// the talk as it changes.
import type { DeckSlide } from '../../deck/slides'
import { deckSlides } from '../../deck/slides'

export type { DeckSlide }
export { deckSlides }

/** The number of the first slide that shows the demo. */
export async function slideOf(id: string): Promise<number> {
  const slide = (await deckSlides()).find(s => s.demos.includes(id))
  if (!slide)
    throw new Error(`no slide shows <DockerDemo id="${id}">`)
  return slide.no
}

/** The number of the first slide whose content matches, e.g. `/<EngineDashboard\b/`. */
export async function slideMatching(pattern: RegExp): Promise<number> {
  const slide = (await deckSlides()).find(s => pattern.test(s.content))
  if (!slide)
    throw new Error(`no slide matches ${pattern}`)
  return slide.no
}
