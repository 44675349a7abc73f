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
    const section = { title: s.title ?? `slide ${s.no}`, from: s.no, to: (starts[i + 1]?.no ?? closing + 1) - 1, startSec, lengthSec: s.minutes! * 60 }
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
  if (!first) return undefined
  const section = slideNo < first.from ? first : sections.find(s => s.from <= slideNo && slideNo <= s.to)
  if (!section) return undefined
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
  if (Math.abs(deltaSec) < 30) return { cls: 'on', text: 'on plan' }
  return deltaSec > 0 ? { cls: 'behind', text: `${clock(deltaSec)} behind` } : { cls: 'ahead', text: `${clock(deltaSec)} ahead` }
}
