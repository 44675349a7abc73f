// The presenter's Rehearse button on `hello`, as the server answers it (POST /api/demos/:id/rehearse):
// time to the first output and to the end of the run. Timings, so a figure here, not a test.
import type { RehearsalRow } from '../shared/protocol'
import { post } from './sse-timing'

export interface RehearsalResult { firstOutputMs: number[], totalMs: number[] }

export async function measureRehearsal(url: string, rounds: number): Promise<RehearsalResult> {
  const result: RehearsalResult = { firstOutputMs: [], totalMs: [] }
  for (let i = 0; i < rounds; i++) {
    const row = await post(`${url}/api/demos/hello/rehearse`) as RehearsalRow
    if (row.outcome !== 'live' || row.firstOutputMs === undefined || row.totalMs === undefined)
      throw new Error(`bench: the rehearsal of hello was not live: ${JSON.stringify(row)}`)
    result.firstOutputMs.push(row.firstOutputMs)
    result.totalMs.push(row.totalMs)
  }
  return result
}
