// `npm run export -- <slidev export flags>` passes them through: here one slide as a PNG, which is
// quick, where the default is the whole deck as a PDF (tests/export/export.test.ts). The export
// leaves the engine alone: a deck running beside it (`npm run dev`, the same instance label) keeps
// its demos' containers, which a server's sweep at start would remove.
import type Docker from 'dockerode'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { labelsFor } from '../../shared/labels'
import { docker } from '../support/engine'
import { npmRunExport } from '../support/npmExport'

const dir = mkdtempSync(join(tmpdir(), 'talk-export-png-'))
const INSTANCE = 'export-beside-a-deck'
let running: Docker.Container | undefined
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await running?.remove({ force: true })
})

it('--format png --range 1 --output writes the first slide as one PNG, no PDF, and leaves a running deck\'s container', async () => {
  // A live run of hello, as a deck on this engine would have it.
  running = await docker.createContainer({
    Image: 'talk/busybox',
    Cmd: [
      'sleep',
      '600',
    ],
    Labels: labelsFor('hello', 'run-beside-the-export', INSTANCE),
    HostConfig: {
      Memory: 16 * 1024 * 1024,
      CapDrop: ['ALL'],
    },
  })
  await running.start()

  await npmRunExport([
    '--format',
    'png',
    '--range',
    '1',
    '--output',
    join(dir, 'first'),
  ], { TALK_INSTANCE: INSTANCE })
  const files = readdirSync(dir, { recursive: true }).map(String)
  const pngs = files.filter(f => f.endsWith('.png'))
  expect(pngs).toHaveLength(1)
  expect(files.filter(f => f.endsWith('.pdf'))).toEqual([])
  // The PNG signature: a picture, not a file named after a flag.
  expect(readFileSync(join(dir, pngs[0]!)).subarray(1, 4).toString()).toBe('PNG')
  expect((await running.inspect()).State.Running).toBe(true)
})
