// `npm run export -- <slidev export flags>` passes them through: here one slide as a PNG, which is
// quick, where the default is the whole deck as a PDF (tests/export/export.test.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { npmRunExport } from '../support/npmExport'

const dir = mkdtempSync(join(tmpdir(), 'talk-export-png-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('--format png --range 1 --output writes the first slide as one PNG, no PDF', async () => {
  await npmRunExport([
    '--format',
    'png',
    '--range',
    '1',
    '--output',
    join(dir, 'first'),
  ])
  const files = readdirSync(dir, { recursive: true }).map(String)
  const pngs = files.filter(f => f.endsWith('.png'))
  expect(pngs).toHaveLength(1)
  expect(files.filter(f => f.endsWith('.pdf'))).toEqual([])
  // The PNG signature: a picture, not a file named after a flag.
  expect(readFileSync(join(dir, pngs[0]!)).subarray(1, 4).toString()).toBe('PNG')
})
