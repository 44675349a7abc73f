// The deck's one map of slide -> demos (deck/slides.ts reads it from slides.md; the browser gets it
// as `virtual:slide-demos`), and what the presenter toolbar, prewarm and the rehearsal ask of it.
// Pure and below every layer, so the server's rehearsal and the deck share one meaning of "next".

/** A slide that shows demos: its number and its demo ids, in order. */
export interface SlideDemos { no: number, demos: string[] }

/** The demos slide `no` shows (none when it shows none). */
export function demosOn(slides: readonly SlideDemos[], no: number): string[] {
  return slides.find(s => s.no === no)?.demos ?? []
}

/** The next slide after `no` that shows demos: what the speaker will run next. */
export function nextDemoSlide(slides: readonly SlideDemos[], no: number): SlideDemos | undefined {
  return slides.find(s => s.no > no)
}

/** The demos of slide `no` and of the next slide that shows any, at most `max` (prewarm). */
export function demosAround(slides: readonly SlideDemos[], no: number, max: number): string[] {
  return [
    ...new Set([
      ...demosOn(slides, no),
      ...nextDemoSlide(slides, no)?.demos ?? [],
    ]),
  ].slice(0, max)
}

/** Each demo once, at the first slide that shows it, in slide order (the rehearsal's order). */
export function rehearsalOrder(slides: readonly SlideDemos[]): { slide: number, demo: string }[] {
  const seen = new Set<string>()
  return slides.flatMap(s => s.demos.filter(id => !seen.has(id) && seen.add(id)).map(demo => ({ slide: s.no, demo })))
}
