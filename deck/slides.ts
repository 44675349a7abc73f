import type { TalkPlan, TimeModel } from '../composables/timePlan'
// The deck as Slidev numbers it (hidden slides left out) and which demos each slide shows, read
// with Slidev's own parser: the build (the CLI table's slide links) and the tests share this.
import { resolve } from 'node:path'
import { load } from '@slidev/parser/fs'
import { timeModel } from '../composables/timePlan'

export const DECK_ROOT = resolve(import.meta.dirname, '..')

export interface DeckSlide {
  no: number
  /** Ids of the `<DockerDemo id>` the slide shows, in order. */
  demos: string[]
  /** The slide's markdown, frontmatter left out. */
  content: string
  /** `routeAlias` from its frontmatter: `/networks` opens it, as does `<Link to="networks">`. */
  routeAlias?: string
  /** `minutes` from its frontmatter: the slide starts a section planned to take this long. */
  minutes?: number
  /** The speaker notes. */
  note: string
  /** The slide's first heading, as Slidev reads it. */
  title?: string
}

export async function deckSlides(root = DECK_ROOT): Promise<DeckSlide[]> {
  const data = await load({
    roots: [root],
    userRoot: root,
  }, resolve(root, 'slides.md'))
  return data.slides
    .filter(s => !s.frontmatter?.hide && !s.frontmatter?.disabled)
    .map((s, i) => ({
      no: i + 1,
      demos: [
        ...s.content.matchAll(/<DockerDemo\b[^>]+\bid="([^"]+)"/g),
      ].map(m => m[1]!),
      content: s.content,
      routeAlias: s.frontmatter?.routeAlias as string | undefined,
      minutes: s.frontmatter?.minutes as number | undefined,
      note: s.note ?? '',
      title: s.title,
    }))
}

/** slides.md's headmatter `plan:`: the talk's budget and the spoken-time model's rates. */
export async function deckPlan(root = DECK_ROOT): Promise<TalkPlan> {
  const data = await load({
    roots: [root],
    userRoot: root,
  }, resolve(root, 'slides.md'))
  const plan = data.headmatter.plan as TalkPlan | undefined
  if (!plan)
    throw new Error('slides.md has no plan: in its headmatter')
  return plan
}

/** The spoken-time model of the deck as it stands (composables/timePlan.ts timeModel). */
export async function deckTimeModel(root = DECK_ROOT): Promise<TimeModel> {
  return timeModel(await deckSlides(root), await deckPlan(root))
}
