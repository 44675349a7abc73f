// The deck as Slidev numbers it (hidden slides left out), and which demos each slide shows, read
// with Slidev's own parser so tests follow the talk as it changes.
import { resolve } from 'node:path'
import { load } from '@slidev/parser/fs'

const ROOT = resolve(import.meta.dirname, '../..')

export interface DeckSlide { no: number, demos: string[] }

export async function deckSlides(): Promise<DeckSlide[]> {
  const data = await load({ roots: [ROOT], userRoot: ROOT }, resolve(ROOT, 'slides.md'))
  return data.slides
    .filter(s => !s.frontmatter?.hide && !s.frontmatter?.disabled)
    .map((s, i) => ({ no: i + 1, demos: [...s.content.matchAll(/<DockerDemo\b[^>]*\bid="([^"]+)"/g)].map(m => m[1]!) }))
}

/** The number of the first slide that shows the demo. */
export async function slideOf(id: string): Promise<number> {
  const slide = (await deckSlides()).find(s => s.demos.includes(id))
  if (!slide) throw new Error(`no slide shows <DockerDemo id="${id}">`)
  return slide.no
}

/** The number of the first slide whose content matches, e.g. `/<EngineDashboard\b/`. */
export async function slideMatching(pattern: RegExp): Promise<number> {
  const data = await load({ roots: [ROOT], userRoot: ROOT }, resolve(ROOT, 'slides.md'))
  const slide = data.slides.filter(s => !s.frontmatter?.hide && !s.frontmatter?.disabled).findIndex(s => pattern.test(s.content))
  if (slide < 0) throw new Error(`no slide matches ${pattern}`)
  return slide + 1
}
