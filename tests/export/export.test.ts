import type { Piece } from '../../composables/printedOutput'
// `npm run export` prints the deck in headless Chromium; every demo slot shows its recording
// in full, dated, and there is one page per slide.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { toLines } from '../../composables/printedOutput'
import { parseRecording } from '../../demos/recording'
import { npmRunExport } from '../support/npmExport'
import { deckSlides } from '../support/slides'

const run = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'talk-export-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * pdftotext breaks long lines where the PDF wraps them: compare without whitespace. With -raw
 * it reads text in the order it was drawn, so a wrapped line beside a second column stays whole.
 */
const squash = (s: string): string => s.replace(/\s+/g, '')

it('writes a PDF with one page per slide and every demo\'s recorded output, with no engine', async () => {
  const pdf = join(dir, 'talk.pdf')
  const started = Date.now()
  // A printed deck asks no engine: its demos print their recordings.
  await npmRunExport([pdf], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
  // eslint-disable-next-line no-console -- a timing for whoever reads the test log (speed is measured by npm run bench)
  console.log(`export took ${((Date.now() - started) / 1000).toFixed(1)} s`)

  const slides = await deckSlides()
  const { stdout: info } = await run('pdfinfo', [pdf])
  expect(Number(/^Pages:\s+(\d+)/m.exec(info)?.[1])).toBe(slides.length)

  // The whole text once; pdftotext ends every page with a form feed.
  const pages = (await run('pdftotext', ['-raw', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout.split('\f')
  const demos = slides.flatMap(s => s.demos.map(id => ({ id, page: s.no })))
  expect(demos.length).toBeGreaterThan(0)
  for (const { id, page } of demos) {
    const text = pages[page - 1]!
    const recording = parseRecording(JSON.parse(readFileSync(resolve(ROOT, `demos/recordings/${id}.json`), 'utf8')))
    // What the slide prints: every step's CLI line and all output, or, for output no slide can
    // hold, its head and tail and a note of how many lines are left out. The count on the page
    // says how many lines were kept; one line of slack either side for a notice the page adds.
    const lines = toLines(recording.events.flatMap((e): Piece[] =>
      e.event === 'step'
        ? [
            { kind: 'step', text: `$ ${e.data.cli}\n` },
          ]
        : e.event === 'stdout' || e.event === 'stderr'
          ? [
              { kind: e.event, text: e.data.text },
            ]
          : []))
      .map(l => l.map(p => p.text).join(''))
    const left = /(\d+) lines not shown here/.exec(text)
    const kept = left
      ? lines.length - Number(left[1])
      : lines.length
    const head = Math.ceil(kept / 2)
    const expected = (left
      ? [
          ...lines.slice(0, head - 1),
          ...lines.slice(lines.length - (kept - head) + 1),
        ]
      : lines).filter(l => l.trim())
    // The head is always kept: the first printed line with the demo's output is on the page (output
    // without a final newline shares its line with the next step's, as in a terminal).
    const firstOutput = lines.find(l => l.trim() && !l.startsWith('$ '))!
    expect(squash(text), `page ${page}, demo ${id}`).toContain(squash(firstOutput))
    for (const line of expected) expect(squash(text), `page ${page}, demo ${id}`).toContain(squash(line))
    // The CLI block splits long lines with ` \` as a person types them; joined, each is the catalog's line.
    const cliBlock = squash(text.replace(/ \\\n/g, ' '))
    for (const cli of recording.cli) expect(cliBlock, `page ${page}, demo ${id}`).toContain(squash(cli))
    expect(text).toMatch(/recorded\s+\d{1,2}\s+\w{3}\s+\d{4}/)
  }

  // The live shell slide prints its recorded session, marked as recorded.
  const shellPage = slides.find(s => /<ContainerTerminal\b/.test(s.content))!.no
  const shellText = pages[shellPage - 1]!
  expect(squash(shellText)).toContain(squash('uid=1000(speaker) gid=1000(speaker)'))
  expect(squash(shellText)).toContain(squash('touch: /etc/x: Read-only file system'))
  expect(shellText).toMatch(/recorded\s+\d{1,2}\s+\w{3}\s+\d{4}/)
}, 300_000) // printing every slide takes a loaded 2-core machine minutes (the command's own limit is 240 s)
