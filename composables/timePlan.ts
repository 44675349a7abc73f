// The talk's time budget: each section's planned minutes (`minutes:` in the frontmatter of its
// first slide) laid end to end up to the closing slide, and where the speaker stands against it.

export interface PlanSlide { no: number, title?: string, minutes?: number, routeAlias?: string }

export interface Section {
  title: string
  /** First and last slide of the section. */
  from: number
  to: number
  /** Planned start, in seconds from the timer's start, and planned length. */
  startSec: number
  lengthSec: number
}

/** Sections of the main track; the closing slide ends the last one, the appendix is off plan. */
export function planSections(slides: readonly PlanSlide[]): Section[] {
  const closing = slides.find(s => s.routeAlias === 'closing')?.no ?? slides.at(-1)?.no ?? 0
  const starts = slides.filter(s => s.minutes !== undefined && s.no <= closing)
  let startSec = 0
  return starts.map((s, i) => {
    const section = {
      title: s.title ?? `slide ${s.no}`,
      from: s.no,
      to: (starts[i + 1]?.no ?? closing + 1) - 1,
      startSec,
      lengthSec: s.minutes! * 60,
    }
    startSec += section.lengthSec
    return section
  })
}

export interface Standing {
  section: Section
  /** Where the plan expects the talk to be on this slide: the section's time spread over its slides. */
  expectedSec: number
  /** Positive: behind plan by that many seconds; negative: ahead. */
  deltaSec: number
}

/** Where the talk stands on `slideNo` after `passedSec`; undefined off plan (appendix, or no plan). */
export function standing(sections: readonly Section[], slideNo: number, passedSec: number): Standing | undefined {
  const first = sections[0]
  if (!first)
    return undefined
  const section = slideNo < first.from
    ? first
    : sections.find(s => s.from <= slideNo && slideNo <= s.to)
  if (!section)
    return undefined
  const done = Math.max(0, slideNo - section.from) / (section.to - section.from + 1)
  const expectedSec = section.startSec + section.lengthSec * done
  return { section, expectedSec, deltaSec: passedSec - expectedSec }
}

/** `m:ss`, for the presenter's toolbar. */
export function clock(sec: number): string {
  const s = Math.round(Math.abs(sec))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** Within half a minute counts as on plan: a slide is rarely shown for less. */
export function verdict(deltaSec: number): { cls: 'on' | 'ahead' | 'behind', text: string } {
  if (Math.abs(deltaSec) < 30)
    return { cls: 'on', text: 'on plan' }
  return deltaSec > 0
    ? { cls: 'behind', text: `${clock(deltaSec)} behind` }
    : { cls: 'ahead', text: `${clock(deltaSec)} ahead` }
}

/** The talk's budget and the spoken-time model's rates, from slides.md's headmatter `plan:`. */
export interface TalkPlan {
  minutes: number
  maxSlides: number
  maxDemos: number
  wordsPerMinute: number
  minutesPerDemo: number
  minutesPerSlide: number
}

export interface ModelSlide extends PlanSlide { content: string, note: string }

/** Live things on a slide: demo runs, the shell, the dashboard; each takes time to run and read. */
export function liveDemos(content: string): number {
  return (content.match(/<DockerDemo\b/g)?.length ?? 0) + (content.match(/<(ContainerTerminal|EngineDashboard)\b/g)?.length ?? 0)
}

/** Words the speaker says: the notes, without the `Plan: …` line meant for the speaker's eyes only. */
export function spokenWords(note: string): number {
  return note.replace(/^Plan:.*$/m, '').match(/\S+/g)?.length ?? 0
}

export interface ModelSection { title: string, from: number, to: number, plannedMin: number, modelMin: number }

export interface TimeModel {
  plan: TalkPlan
  /** Over the main track, cover to closing slide. */
  slides: number
  demos: number
  words: number
  totalMin: number
  sections: ModelSection[]
}

/**
 * The spoken-time model: notes words / wordsPerMinute + minutesPerDemo x live demos +
 * minutesPerSlide x slides, over the main track; slides before the first section count to it.
 */
export function timeModel(all: readonly ModelSlide[], plan: TalkPlan): TimeModel {
  const sections = planSections(all)
  const last = sections.at(-1)?.to ?? 0
  const main = all.filter(s => s.no <= last)
  const minutesOf = (s: ModelSlide): number => spokenWords(s.note) / plan.wordsPerMinute + plan.minutesPerDemo * liveDemos(s.content) + plan.minutesPerSlide
  const round = (min: number): number => Math.round(min * 10) / 10
  return {
    plan,
    slides: main.length,
    demos: main.reduce((n, s) => n + liveDemos(s.content), 0),
    words: main.reduce((n, s) => n + spokenWords(s.note), 0),
    totalMin: round(main.reduce((n, s) => n + minutesOf(s), 0)),
    sections: sections.map((section, i) => ({
      title: section.title,
      from: section.from,
      to: section.to,
      plannedMin: section.lengthSec / 60,
      modelMin: round(main.filter(s => (i === 0 || s.no >= section.from) && s.no <= section.to).reduce((n, s) => n + minutesOf(s), 0)),
    })),
  }
}
