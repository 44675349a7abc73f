import type { DeckSlide } from '../../deck/slides'
// Five facts the talk once got wrong (issue 19), kept right: the corrected wording stays on the
// main track, and the wrong wording appears nowhere in slides.md or pages/, appendix included.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DECK_ROOT, deckSlides } from '../../deck/slides'

const fold = (text: string): string => text.replace(/\s*\n\s*/g, ' ')

/** Every markdown source of the deck; `text` with line breaks folded, as a wording may wrap. */
function sources(): { path: string, raw: string, text: string }[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap(e => e.isDirectory()
      ? walk(join(dir, e.name))
      : e.name.endsWith('.md')
        ? [
            join(dir, e.name),
          ]
        : [])
  return [
    join(DECK_ROOT, 'slides.md'),
    ...walk(join(DECK_ROOT, 'pages')),
  ].map((p) => {
    const raw = readFileSync(p, 'utf8')
    return {
      path: relative(DECK_ROOT, p),
      raw,
      text: fold(raw),
    }
  })
}

/** Sentences, and bullets or table rows, which end without a full stop. */
const sentences = (raw: string): string[] => raw.split(/(?<=[.!?])\s+|\n(?=\s*(?:[\-*|<#\n]|$))/).map(fold)

/** Each wrong wording, as a reader would find it, with what is true instead. */
const WRONG: { pattern: RegExp, instead: string }[] = [
  { pattern: /\bonly (these three|`?RUN`?,? `?COPY`?,? (and )?`?ADD`?) (add|hold|make)/i, instead: 'RUN, COPY and ADD create filesystem layers; WORKDIR creates its directory if missing' },
  { pattern: /\bno temporary containers?\b/i, instead: 'BuildKit runs every RUN in a container too' },
  { pattern: /\b(whole|entire) (build )?context is sent\b|\bsent to the engine in full\b|build context\*{0,2}, sent to the engine/i, instead: 'the legacy builder sends the whole context; BuildKit transfers what the build uses' },
  { pattern: /\bstart\w* in (a few )?(hundred )?milliseconds\b/i, instead: 'a second or less, as the recordings show' },
  { pattern: /\bonly way the data goes away\b/i, instead: 'docker volume rm, docker volume prune, and docker run --rm for anonymous volumes' },
]

let main: DeckSlide[]
beforeAll(async () => {
  const slides = await deckSlides()
  const closing = slides.find(s => s.routeAlias === 'closing')!.no
  main = slides.filter(s => s.no <= closing)
})

function slideWith(pattern: RegExp): DeckSlide {
  const slide = main.find(s => pattern.test(s.content))
  if (!slide)
    throw new Error(`no main-track slide matches ${pattern}`)
  return slide
}
describe('the corrected wording stays on the main track', () => {
  it('layers: RUN, COPY and ADD create filesystem layers, the others add metadata, WORKDIR creates its directory', () => {
    const text = fold(slideWith(/<DockerDemo id="image-history"/).content)
    expect(text).toContain('`RUN`, `COPY` and `ADD` create filesystem layers')
    expect(text).toContain('the others add metadata')
    expect(text).toContain('`WORKDIR` creates its directory if missing')
  })

  it('buildKit runs each RUN in a container; only the classic builder sends the whole context first', () => {
    const text = fold(slideWith(/<DockerDemo id="image-build"/).content)
    expect(text).toMatch(/classic builder[^.]*: it sends the whole context first/)
    expect(text).toContain('BuildKit, the default since Engine 23, transfers only the files the build uses')
    expect(text).toContain('it too runs each <code>RUN</code> in a container')
  })

  it('the container by hand credits Liz Rice, names the pivot_root runc uses and says why AppArmor is lifted', () => {
    const text = fold(slideWith(/<DockerDemo id="by-hand"/).content)
    expect(text).toContain('"Containers from scratch"')
    expect(text).toContain('runc uses <code>pivot_root(2)</code>, this demo <code>chroot</code>')
    expect(text).toContain('AppArmor\'s default profile denies <code>mount</code>')
  })

  it('a container starts in a second or less, not in milliseconds', () => {
    expect(fold(slideWith(/# What actually differs/).content)).toContain('a second or less (starts a process)')
  })

  it('a named volume goes with docker volume rm or prune; docker run --rm removes anonymous volumes only', () => {
    const note = fold(slideWith(/<DockerDemo id="volume-outlives"/).note)
    for (const way of ['docker volume rm', 'docker volume prune', 'docker run --rm removes only the anonymous volumes'])
      expect(note).toContain(way)
  })

  it('gVisor is named a user-space kernel wherever the deck names it, never a VM', () => {
    const naming = sources().flatMap(s => sentences(s.raw).filter(x => /gVisor/.test(x)).map(x => `${s.path}: ${x}`))
    expect(naming.length).toBeGreaterThan(0)
    for (const sentence of naming) {
      expect(sentence).toMatch(/user-space kernel|application kernel/)
      expect(sentence).not.toMatch(/gVisor[^.]+\b(?:VMs?|virtual machines?|hypervisors?)\b/)
    }
  })
})

describe('the wrong wording appears nowhere in the deck', () => {
  it.each(WRONG.map(w => [w.pattern.source, w] as const))('%s', (_, { pattern, instead }) => {
    const found = sources().flatMap(s => [
      ...s.text.matchAll(new RegExp(pattern, 'gi')),
    ].map(m => `${s.path}: "${m[0]}" (say: ${instead})`))
    expect(found).toEqual([])
  })
})
