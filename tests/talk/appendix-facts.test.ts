import type { DeckSlide } from '../../deck/slides'
// Facts the appendix, the diagrams and the demo titles once got wrong (issue 19) stay corrected:
// the five named slips are nowhere in them, and a note that points at a slide's line finds it.
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { deckSlides } from '../../deck/slides'
import { catalog } from '../../demos/catalog'

const ROOT = resolve(import.meta.dirname, '../..')
function read(dir: string, ext: string): { file: string, text: string }[] {
  return readdirSync(resolve(ROOT, dir)).filter(f => f.endsWith(ext)).map(f => ({
    file: `${dir}/${f}`,
    text: readFileSync(resolve(ROOT, dir, f), 'utf8'),
  }))
}

/** Every appendix page, every diagram and every demo title, one line of prose each. */
function sources(): { file: string, text: string }[] {
  return [
    ...read('pages/appendix', '.md'),
    ...read('components/diagrams', '.vue'),
    ...catalog.map(d => ({ file: `demo ${d.id}`, text: d.title })),
  ].map(s => ({
    ...s,
    text: s.text.replace(/\s+/g, ' '),
  }))
}

/** The five wrong wordings issue 19 names first, each with what is true instead. */
const slips: { wrong: RegExp, because: string }[] = [
  { wrong: /only (?:for )?RUN, COPY,? and ADD|layers? only for RUN/i, because: 'a WORKDIR that creates its directory commits a layer too' },
  { wrong: /BuildKit[^.]*no (?:temporary|intermediate) containers?/i, because: 'BuildKit runs every RUN in a container' },
  { wrong: /(?<!legacy builder[^.]*)whole (?:build )?context is sent/i, because: 'only the legacy builder sends the whole context first' },
  { wrong: /(?:start|starts|starting) in (?:a few )?milliseconds/i, because: 'the recordings take about half a second' },
  { wrong: /only way (?:the )?data goes away/i, because: 'docker volume prune and docker run --rm (anonymous volumes) remove data too' },
]

describe('the slips issue 19 names', () => {
  it.each(slips.map(s => [s.because, s.wrong] as const))('none says what is wrong: %s', (_because, wrong) => {
    expect(sources().filter(s => wrong.test(s.text)).map(s => s.file)).toEqual([])
  })

  it('the wordings are caught where they would be written', () => {
    // Each pattern fires on the wording it keeps out, so an empty list above means something.
    const samples = [
      'a layer only for RUN, COPY and ADD',
      'BuildKit needs no temporary containers',
      'The whole context is sent to the engine before step 1',
      'containers start in milliseconds',
      'that is the only way the data goes away',
    ]
    samples.forEach((sample, i) => expect(slips[i]!.wrong.test(sample), sample).toBe(true))
    expect(slips[2]!.wrong.test('The legacy builder sends the whole context first; so the whole context is sent')).toBe(false)
  })

  it('gVisor is never called a virtual machine', () => {
    expect(sources().filter(s => /gVisor[^.]+\b(?:a VM|virtual machine)\b/i.test(s.text)).map(s => s.file)).toEqual([])
  })
})

/** What a demo's recording printed, stdout and stderr as they came. */
function recorded(id: string): string {
  const recording = JSON.parse(readFileSync(resolve(ROOT, `demos/recordings/${id}.json`), 'utf8')) as { events: { event: string, data: { text?: string } }[] }
  return recording.events.flatMap(e => e.event === 'stdout' || e.event === 'stderr'
    ? [e.data.text!]
    : []).join('')
}

describe('what the appendix says instead', () => {
  let appendix: DeckSlide[]
  beforeAll(async () => {
    const slides = await deckSlides()
    const closing = slides.find(s => s.routeAlias === 'closing')!.no
    appendix = slides.filter(s => s.no > closing)
  })
  const slide = (alias: string): DeckSlide => appendix.find(s => s.routeAlias === alias)!

  it('.dockerignore: the legacy builder sends the whole context, BuildKit only what the build uses', () => {
    const text = slide('a-dockerignore').content
    expect(text).toMatch(/legacy builder sends the whole context/)
    expect(text).toMatch(/BuildKit fetches only what the build uses/)
  })

  it('a note that names a line of its slide by number points at a line that is there', () => {
    const ordinals = [
      'first',
      'second',
      'third',
      'fourth',
      'fifth',
      'sixth',
    ]
    const pointers = appendix.flatMap(s => [
      ...s.note.matchAll(/\b(?:line|bullet) is the (first|second|third|fourth|fifth|sixth)\b|\bthe (first|second|third|fourth|fifth|sixth) (?:line|bullet)\b/g),
    ]
      .map(m => ({
        s,
        at: ordinals.indexOf((m[1] ?? m[2])!),
      })))
    expect(pointers.length).toBeGreaterThan(0)
    // The lines are the slide's bullets or, on a slide of a demo, the lines its recording prints.
    for (const { s, at } of pointers) {
      const bullets = s.content.match(/^- .*$/gm) ?? []
      const printed = s.demos.flatMap(id => recorded(id).split('\n').filter(Boolean))
      expect((bullets.length ? bullets : printed).length, `slide ${s.no} (${s.routeAlias})`).toBeGreaterThan(at)
    }
    // The bridge summary's note stresses the line about name resolution.
    const bridge = pointers.find(p => p.s.routeAlias === 'a-bridge-summary')!
    expect(bridge.s.content.match(/^- .*$/gm)![bridge.at]).toMatch(/no DNS by name/)
  })

  it('the start-time note quotes the recorded seconds, not milliseconds', () => {
    const ms = [
      ...recorded('start-time').matchAll(/in (\d+) ms/g),
    ].map(m => Number(m[1]))
    expect(ms.length).toBe(3)
    const seconds = (n: number): number => Math.round(n / 100) / 10
    const quoted = slide('a-start-time').note.match(/(\d+\.\d) to (\d+\.\d) seconds/)?.slice(1).map(Number)
    expect(quoted, 'after npm run record start-time, quote its figures in the note').toEqual([
      seconds(Math.min(...ms)),
      seconds(Math.max(...ms)),
    ])
  })
})
