// The talk as a stage needs it: a main track that fits the hour, a closing slide, then an appendix
// that every deeper link lands in; a time plan in the notes; slides a projector audience can read.
import { beforeAll, describe, expect, it } from 'vitest'
import type { DeckSlide } from '../../deck/slides'
import { deckSlides } from '../../deck/slides'
import { planSections, standing } from '../../composables/timePlan'

let slides: DeckSlide[]
let closing: number
let main: DeckSlide[]
let appendix: DeckSlide[]
beforeAll(async () => {
  slides = await deckSlides()
  closing = slides.find(s => s.routeAlias === 'closing')?.no ?? 0
  main = slides.filter(s => s.no <= closing)
  appendix = slides.filter(s => s.no > closing)
})

/** Live things on a slide: demo runs, the shell, the dashboard. */
const liveDemos = (s: DeckSlide): number => s.demos.length + (s.content.match(/<(ContainerTerminal|EngineDashboard)\b/g)?.length ?? 0)

/** What a projector shows as text: no notes, code, HTML tags or style blocks. */
function visibleWords(markdown: string): number {
  const text = markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/^<<<.*$/gm, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s*\|?\s*[-:| ]+\|\s*$/gm, '')
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’._/@:-]*/gu)?.length ?? 0
}

describe('the main track', () => {
  it('ends on a closing slide with the five ideas, where to read on, and Q&A', () => {
    expect(closing).toBeGreaterThan(1)
    const text = slides[closing - 1]!.content
    expect(text.match(/^\d\. /gm)).toHaveLength(5)
    for (const source of ['docs.docker.com', 'namespaces(7)', 'cgroups(7)', 'capabilities(7)', 'seccomp'])
      expect(text).toContain(source)
    expect(text).toMatch(/Questions\?/)
  })

  it('has at most 60 slides and 20 live demos', () => {
    expect(main.length).toBeLessThanOrEqual(60)
    expect(main.reduce((n, s) => n + liveDemos(s), 0)).toBeLessThanOrEqual(20)
  })

  it('plans 50 to 60 minutes, each section saying its minutes in its notes', () => {
    const starts = main.filter(s => s.minutes !== undefined)
    expect(starts.length).toBeGreaterThan(5)
    const total = starts.reduce((n, s) => n + s.minutes!, 0)
    expect(total).toBeGreaterThanOrEqual(50)
    expect(total).toBeLessThanOrEqual(60)
    for (const s of starts) expect(s.note, `slide ${s.no}`).toMatch(new RegExp(`^Plan: ${s.minutes} minutes?\\b`))
    expect(appendix.filter(s => s.minutes !== undefined)).toEqual([])
  })
})

describe('the appendix', () => {
  it('starts with its index right after the closing slide', () => {
    expect(appendix[0]?.routeAlias).toBe('appendix')
    expect(appendix[0]?.content).toContain('<AppendixIndex')
  })

  it('is where every deeper link from the main track lands', () => {
    const aliases = new Set(appendix.slice(1).map(s => s.routeAlias))
    const links = slides.flatMap(s => [...s.content.matchAll(/<Deeper to="([^"]+)"/g)].map(m => ({ from: s.no, to: m[1]!.split(/\s+/) })))
    expect(links.length).toBeGreaterThan(15)
    for (const link of links) {
      expect(link.from, 'a deeper link sits on the main track').toBeLessThanOrEqual(closing)
      for (const alias of link.to) expect(aliases.has(alias), `slide ${link.from} links to "${alias}"`).toBe(true)
    }
  })

  it('has a routeAlias on every slide that starts one of its topics, and a deeper link to each', () => {
    // Slides without one continue the slide before them (the CLI table's parts).
    expect(appendix.filter(s => !s.routeAlias && !/<CliTable/.test(s.content)).map(s => s.no)).toEqual([])
    const linked = new Set(main.flatMap(s => [...s.content.matchAll(/<Deeper to="([^"]+)"/g)].flatMap(m => m[1]!.split(/\s+/))))
    expect(appendix.slice(1).filter(s => s.routeAlias && !linked.has(s.routeAlias)).map(s => s.routeAlias)).toEqual([])
  })
})

describe('projector readability', () => {
  it('no slide has more than 6 bullets or about 60 words', () => {
    const crowded = slides.flatMap((s) => {
      const bullets = s.content.match(/^\s*(?:[-*]|\d+\.) /gm)?.length ?? 0
      const words = visibleWords(s.content)
      return bullets > 6 || words > 60 ? [`slide ${s.no}: ${bullets} bullets, ${words} words`] : []
    })
    expect(crowded).toEqual([])
  })
})

describe('the time plan against the timer', () => {
  const plan = planSections([
    { no: 1 }, { no: 2, title: 'Intro', minutes: 2 }, { no: 3 },
    { no: 4, title: 'Images', minutes: 4 }, { no: 5 }, { no: 6 }, { no: 7 }, { no: 8, routeAlias: 'closing' }, { no: 9 },
  ])

  it('lays the sections end to end up to the closing slide', () => {
    expect(plan.map(s => [s.title, s.from, s.to, s.startSec, s.lengthSec])).toEqual([['Intro', 2, 3, 0, 120], ['Images', 4, 8, 120, 240]])
  })

  it('spreads a section over its slides and says how far ahead or behind the talk is', () => {
    expect(standing(plan, 4, 120)).toMatchObject({ expectedSec: 120, deltaSec: 0 })
    // Slide 6 is the third of five slides of a 4-minute section that starts at 2:00.
    expect(standing(plan, 6, 300)).toMatchObject({ expectedSec: 120 + 240 * 2 / 5, deltaSec: 300 - 216 })
    expect(standing(plan, 1, 30)?.deltaSec).toBe(30)
    expect(standing(plan, 9, 30)).toBeUndefined()
  })
})
