import type { RehearsalRow } from '../shared/protocol'
import process from 'node:process'
// `npm run rehearse [id ...]`: what a speaker runs at the venue. Every demo of the talk once, in
// slide order, on the engine the talk will use (DOCKER_HOST, else the current docker context), one
// table row per demo as it finishes. Exit 1 when any demo would not run live.
import { deckSlides } from '../deck/slides'
import { rehearse } from '../server/runs/rehearsal'
import { createRuntime } from '../server/runtime'
import { durationText, shapeText } from '../shared/rehearsal-text'

const WIDTHS = [5, 22, 7, 12, 9]
function line(cells: string[]): string {
  return cells.map((c, i) => i < WIDTHS.length
    ? c.padEnd(WIDTHS[i]!)
    : c).join(' ').trimEnd()
}

const wanted = process.argv.slice(2)
const slides = (await deckSlides()).map(s => ({
  no: s.no,
  demos: s.demos.filter(id => wanted.length === 0 || wanted.includes(id)),
}))
const runtime = await createRuntime()
let rows: RehearsalRow[] = []
try {
  console.log(line([
    'slide',
    'demo',
    'result',
    'first output',
    'total',
    'vs recording (exit code, steps)',
  ]))
  rows = await rehearse(runtime.docker, runtime.registry, slides, (r) => {
    console.log(line([
      String(r.slide),
      r.demo,
      r.outcome,
      durationText(r.firstOutputMs),
      durationText(r.totalMs),
      r.outcome === 'live'
        ? shapeText(r)
        : r.note ?? '',
    ]))
  })
}
finally {
  await runtime.shutdown()
}
const notLive = rows.filter(r => r.outcome !== 'live')
const differ = rows.filter(r => r.sameShape === false)
console.log(`[docker-talk] rehearsal: ${rows.length - notLive.length} of ${rows.length} demos live${notLive.length
  ? `; not live: ${notLive.map(r => r.demo).join(', ')}`
  : ''}${differ.length
  ? `; output differs from the recording: ${differ.map(r => r.demo).join(', ')}`
  : ''}`)
process.exit(notLive.length || rows.length === 0
  ? 1
  : 0)
