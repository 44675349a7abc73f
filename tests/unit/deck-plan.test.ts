import type { ModelSlide, TalkPlan, TimeModel } from '../../composables/timePlan'
import type { DeckSlide } from '../../deck/slides'
// The talk as a stage needs it: a main track that fits the hour, a closing slide, then an appendix
// that every deeper link lands in; a time plan in the notes that the spoken-time model agrees with
// (slides.md's headmatter `plan:`); slides a projector audience can read.
import { beforeAll, describe, expect, it } from 'vitest'
import { liveDemos, planSections, spokenWords, standing, timeModel } from '../../composables/timePlan'
import { deckPlan, deckSlides } from '../../deck/slides'

let slides: DeckSlide[]
let closing: number
let main: DeckSlide[]
let appendix: DeckSlide[]
let plan: TalkPlan
let model: TimeModel
beforeAll(async () => {
  slides = await deckSlides()
  plan = await deckPlan()
  model = timeModel(slides, plan)
  closing = slides.find(s => s.routeAlias === 'closing')?.no ?? 0
  main = slides.filter(s => s.no <= closing)
  appendix = slides.filter(s => s.no > closing)
})

/** What a projector shows as text: no notes, code, HTML tags or style blocks. */
function visibleWords(markdown: string): number {
  const text = markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/^<<<.*$/gm, '')
    .replace(/<[^>]+>/g, ' ')
    // Table rules, as they were counted so far; lines of slides are short, backtracking is no cost.
    // eslint-disable-next-line regexp/no-super-linear-backtracking
    .replace(/^\s*(?:\|\s*)?[-:| ]+\|\s*$/gm, '')
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’._/@:-]*/gu)?.length ?? 0
}

describe('the main track', () => {
  it('ends on a closing slide with the five ideas, where to read on, and Q&A', () => {
    expect(closing).toBeGreaterThan(1)
    const text = slides[closing - 1]!.content
    expect(text.match(/^\d\. /gm)).toHaveLength(5)
    for (const source of [
      'docs.docker.com',
      'namespaces(7)',
      'cgroups(7)',
      'capabilities(7)',
      'seccomp',
    ])
      expect(text).toContain(source)
    expect(text).toMatch(/Questions\?/)
  })

  it('fits the plan in slides.md: at most maxSlides slides and maxDemos live demos', () => {
    expect(model.slides).toBe(main.length)
    expect(model.slides).toBeLessThanOrEqual(plan.maxSlides)
    expect(model.demos).toBe(main.reduce((n, s) => n + liveDemos(s.content), 0))
    expect(model.demos).toBeLessThanOrEqual(plan.maxDemos)
  })

  it('is spoken within the planned minutes: notes words / wpm + minutes per demo and per slide', () => {
    const words = main.reduce((n, s) => n + spokenWords(s.note), 0)
    const expected = words / plan.wordsPerMinute + plan.minutesPerDemo * model.demos + plan.minutesPerSlide * main.length
    expect(model.totalMin).toBeCloseTo(expected, 0)
    expect(model.totalMin).toBeLessThanOrEqual(plan.minutes)
  })

  it('plans sections that fit the talk, each saying its minutes in its notes and agreeing with the model within 20 %', () => {
    const starts = main.filter(s => s.minutes !== undefined)
    expect(starts.length).toBeGreaterThan(5)
    // What the sections do not use of the slot is the speaker's slack.
    expect(starts.reduce((n, s) => n + s.minutes!, 0)).toBeLessThanOrEqual(plan.minutes)
    for (const s of starts) expect(s.note, `slide ${s.no}`).toMatch(new RegExp(`^Plan: ${s.minutes} minutes?\\b`))
    const off = model.sections.filter(s => Math.abs(s.modelMin - s.plannedMin) > 0.2 * s.plannedMin)
    expect(off.map(s => `${s.title}: planned ${s.plannedMin}, model ${s.modelMin}`)).toEqual([])
    expect(appendix.filter(s => s.minutes !== undefined)).toEqual([])
  })
})

describe('the spoken-time model', () => {
  const slide = (no: number, extra: Partial<ModelSlide> = {}): ModelSlide => ({ no, content: '', note: '', ...extra })
  const rates: TalkPlan = {
    minutes: 10,
    maxSlides: 10,
    maxDemos: 2,
    wordsPerMinute: 100,
    minutesPerDemo: 1,
    minutesPerSlide: 0.5,
  }

  it('counts spoken words, live demos and slides up to the closing slide, per section', () => {
    const m = timeModel([
      slide(1, { note: 'one two' }),
      slide(2, {
        title: 'A',
        minutes: 2,
        note: `Plan: 2 minutes, not spoken.\n${'w '.repeat(100)}`,
        content: '<DockerDemo id="x" />',
      }),
      slide(3, {
        title: 'B',
        minutes: 1,
        routeAlias: 'closing',
        content: '<EngineDashboard />',
      }),
      slide(4, {
        note: 'w '.repeat(500),
        content: '<DockerDemo id="y" />',
      }),
    ], rates)
    expect([m.slides, m.demos, m.words]).toEqual([3, 2, 102])
    // A: 2 words + 100 words (1 min) + 1 demo + 2 slides (1 min); B: 1 demo + 1 slide.
    expect(m.sections.map(s => [s.title, s.plannedMin, s.modelMin])).toEqual([
      ['A', 2, 3],
      ['B', 1, 1.5],
    ])
    expect(m.totalMin).toBe(4.5)
  })
})

describe('the appendix', () => {
  it('starts with its index right after the closing slide', () => {
    expect(appendix[0]?.routeAlias).toBe('appendix')
    expect(appendix[0]?.content).toContain('<AppendixIndex')
  })

  it('is where every deeper link from the main track lands', () => {
    const aliases = new Set(appendix.slice(1).map(s => s.routeAlias))
    const links = slides.flatMap(s => [
      ...s.content.matchAll(/<Deeper to="([^"]+)"/g),
    ].map(m => ({
      from: s.no,
      to: m[1]!.split(/\s+/),
    })))
    expect(links.length).toBeGreaterThan(15)
    for (const link of links) {
      expect(link.from, 'a deeper link sits on the main track').toBeLessThanOrEqual(closing)
      for (const alias of link.to) expect(aliases.has(alias), `slide ${link.from} links to "${alias}"`).toBe(true)
    }
  })

  it('has a routeAlias on every slide that starts one of its topics, and a deeper link to each', () => {
    // Slides without one continue the slide before them (the CLI table's parts).
    expect(appendix.filter(s => !s.routeAlias && !/<CliTable/.test(s.content)).map(s => s.no)).toEqual([])
    const linked = new Set(main.flatMap(s => [
      ...s.content.matchAll(/<Deeper to="([^"]+)"/g),
    ].flatMap(m => m[1]!.split(/\s+/))))
    expect(appendix.slice(1).filter(s => s.routeAlias && !linked.has(s.routeAlias)).map(s => s.routeAlias)).toEqual([])
  })
})

describe('projector readability', () => {
  it('no slide has more than 6 bullets or about 60 words', () => {
    const crowded = slides.flatMap((s) => {
      const bullets = s.content.match(/^\s*(?:[-*]|\d+\.) /gm)?.length ?? 0
      const words = visibleWords(s.content)
      return bullets > 6 || words > 60
        ? [`slide ${s.no}: ${bullets} bullets, ${words} words`]
        : []
    })
    expect(crowded).toEqual([])
  })
})

describe('the time plan against the timer', () => {
  const plan = planSections([
    { no: 1 },
    { no: 2, title: 'Intro', minutes: 2 },
    { no: 3 },
    { no: 4, title: 'Images', minutes: 4 },
    { no: 5 },
    { no: 6 },
    { no: 7 },
    { no: 8, routeAlias: 'closing' },
    { no: 9 },
  ])

  it('lays the sections end to end up to the closing slide', () => {
    expect(plan.map(s => [
      s.title,
      s.from,
      s.to,
      s.startSec,
      s.lengthSec,
    ])).toEqual([
      ['Intro', 2, 3, 0, 120],
      ['Images', 4, 8, 120, 240],
    ])
  })

  it('spreads a section over its slides and says how far ahead or behind the talk is', () => {
    expect(standing(plan, 4, 120)).toMatchObject({ expectedSec: 120, deltaSec: 0 })
    // Slide 6 is the third of five slides of a 4-minute section that starts at 2:00.
    expect(standing(plan, 6, 300)).toMatchObject({ expectedSec: 120 + 240 * 2 / 5, deltaSec: 300 - 216 })
    expect(standing(plan, 1, 30)?.deltaSec).toBe(30)
    expect(standing(plan, 9, 30)).toBeUndefined()
  })
})
