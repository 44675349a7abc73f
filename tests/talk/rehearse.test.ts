import type { RehearsalRow } from '../../shared/protocol'
import type { TestServer } from '../support/server'
// `npm run rehearse`, as a speaker runs it at the venue: a table of the talk's demos in slide order,
// each run live and compared with its recording, and a non-zero exit when one would not run live.
// The presenter's Rehearse button goes through POST /api/demos/:id/rehearse, one demo at a time.
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNothingLeft } from '../support/engine'
import { post, startServer } from '../support/server'
import { deckSlides, slideOf } from '../support/slides'

const exec = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')

async function rehearse(args: string[], env: Record<string, string> = {}): Promise<{ code: number, rows: string[][], summary: string }> {
  let stdout: string
  let code = 0
  try {
    stdout = (await exec('npm', [
      'run',
      '--silent',
      'rehearse',
      '--',
      ...args,
    ], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
      },
    })).stdout
  }
  catch (err) {
    stdout = (err as { stdout: string }).stdout
    code = (err as { code: number }).code
  }
  const lines = stdout.trim().split('\n')
  return {
    code,
    rows: lines.slice(1, -1).map(l => l.split(/\s{2,}|\s(?=\S)/).filter(Boolean)),
    summary: lines.at(-1)!,
  }
}

it('runs the given demos live in slide order, each the same shape as its recording; exit 0', async () => {
  const { code, rows, summary } = await rehearse(['network-none', 'hello'])
  expect(rows.map(r => [r[0], r[1], r[2]])).toEqual([
    [
      String(await slideOf('hello')),
      'hello',
      'live',
    ],
    [
      String(await slideOf('network-none')),
      'network-none',
      'live',
    ],
  ])
  for (const row of rows) expect(row.at(-1)).toBe('same')
  expect(summary).toBe('[docker-talk] rehearsal: 2 of 2 demos live')
  expect(code).toBe(0)
  await expectNothingLeft()
})

it('with no engine, lists every demo of the talk once as a replay and exits non-zero', async () => {
  const { code, rows, summary } = await rehearse([], { DOCKER_HOST: 'unix:///tmp/no-engine-here.sock' })
  const seen = new Set<string>()
  const inOrder = (await deckSlides()).flatMap(s => s.demos.filter(id => !seen.has(id) && seen.add(id)))
  expect(rows.map(r => r[1])).toEqual(inOrder)
  expect(new Set(rows.map(r => r[2]))).toEqual(new Set(['replay']))
  expect(summary).toMatch(new RegExp(`^\\[docker-talk\\] rehearsal: 0 of ${inOrder.length} demos live; not live: hello, `))
  expect(code).toBe(1)
})

describe('the presenter button\'s endpoint', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server.close()
  })

  it('rehearses one demo and answers its row', async () => {
    const res = await post(`${server.url}/api/demos/hello/rehearse`)
    const row = await res.json() as RehearsalRow
    expect(row).toMatchObject({ demo: 'hello', outcome: 'live', sameShape: true })
    // Its timings are measurements (their figures are in `npm run bench`): here only that they are given.
    expect(row).toMatchObject({
      firstOutputMs: expect.any(Number),
      totalMs: expect.any(Number),
    })
    expect((await post(`${server.url}/api/demos/nope/rehearse`)).status).toBe(404)
  })

  it('runs the demo again when it already ran: the last run\'s history is not taken for the rehearsal', async () => {
    const first = await post(`${server.url}/api/demos/hello/rehearse`)
    const again = await post(`${server.url}/api/demos/hello/rehearse`)
    const [a, b] = await Promise.all([
      first.json(),
      again.json(),
    ]) as RehearsalRow[]
    expect(a).toMatchObject({ outcome: 'live', sameShape: true })
    expect(b).toMatchObject({ outcome: 'live', sameShape: true })
  })
})
