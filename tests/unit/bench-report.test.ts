import type { BenchResults } from '../../bench/report'
// BENCHMARKS.md judges each target from the measured samples: which line the latency ratio is
// taken against, and when the engine's own start puts that ratio out of any path's reach.
import { describe, expect, it } from 'vitest'
import { renderReport } from '../../bench/report'

const MB = 1024 * 1024
const seven = (ms: number): number[] => Array.from<number>({ length: 7 }).fill(ms)

function results(l: { prewarmed: number, floor: number, cli: number, slide?: number }): BenchResults {
  return {
    startedAt: new Date('2026-11-25T00:00:00Z'),
    args: [],
    machine: [],
    loadAtEnd: 0,
    rounds: 7,
    latency: {
      samples: {
        serverPrewarmed: seven(l.prewarmed),
        serverCold: seven(l.prewarmed + 20),
        cli: seven(l.cli),
        dockerodePrecreated: seven(l.floor),
        dockerode: seven(l.floor + 20),
      },
      literalCli: l.slide === undefined
        ? undefined
        : seven(l.slide),
      literalCliError: l.slide === undefined
        ? 'network bridge not found'
        : undefined,
      cliLine: 'docker run --rm --network none … talk/busybox …',
      slideLine: 'docker run --rm talk/busybox sh -c \'echo hi there\'',
    },
    throughput: {
      samples: {
        server: seven(1000),
        cliFollow: seven(2000),
        cliLogs: seven(1500),
      },
      peakRss: 100 * MB,
    },
    fanout: {
      clients: 50,
      linesLost: 0,
      lagP95Ms: 10,
      lagMaxMs: 20,
      slowestMs: 3000,
      peakRss: 110 * MB,
    },
    rehearsal: {
      firstOutputMs: seven(250),
      totalMs: seven(600),
    },
    rss: { rest: 70 * MB, restAfter: 90 * MB },
    leftovers: 'none',
    deck: { skipped: [] },
  }
}

const row = (report: string, start: string): string => report.split('\n').find(l => l.startsWith(`| ${start}`)) ?? ''

describe('the benchmark report', () => {
  it('takes the CLI ratio against the slide\'s own line, and says when the floor alone misses 0.8x', () => {
    const report = renderReport(results({
      prewarmed: 240,
      floor: 235,
      cli: 270,
      slide: 280,
    }))
    expect(row(report, '  … divided by the slide\'s CLI line')).toContain('| 0.86x | ≤ 0.8x | **no** |')
    expect(row(report, '  … minus raw dockerode attach + start')).toContain('| 5 ms | ≤ 25 ms | yes |')
    expect(report).toContain('Here the floor alone is 0.84x of the slide\'s CLI line')
    expect(row(report, 'server RSS peak under the fan-out load')).toContain('| 110 MB | ≤ 120 MB | yes |')
  })

  it('meets 0.8x when the server is that fast, with no out-of-reach remark', () => {
    const report = renderReport(results({
      prewarmed: 200,
      floor: 195,
      cli: 260,
      slide: 300,
    }))
    expect(row(report, '  … divided by the slide\'s CLI line')).toContain('| 0.67x | ≤ 0.8x | yes |')
    expect(report).not.toContain('out of reach')
  })

  it('falls back to the server\'s flags through the CLI when the slide\'s line cannot run, and says so', () => {
    const report = renderReport(results({ prewarmed: 200, floor: 195, cli: 260 }))
    expect(row(report, '  … divided by the CLI line with the server\'s flags (the slide\'s line could not run)')).toContain('| 0.77x | ≤ 0.8x | yes |')
    expect(report).toContain('it could not run here: network bridge not found')
  })
})

it('reports the rehearse button\'s timings on hello as medians, with no target', () => {
  expect(row(renderReport(results({ prewarmed: 200, floor: 195, cli: 260 })), 'rehearse button on hello')).toBe('| rehearse button on hello: first output / end of the run | 250 ms / 600 ms |  |  |')
})
