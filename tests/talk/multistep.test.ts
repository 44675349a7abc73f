import { describe, expect, it } from 'vitest'
import { expectNothingLeft } from '../support/engine'
import { useTestServer } from '../support/server'
import { byStep, outputOf, runToEnd } from '../support/sse'

const server = useTestServer()

describe('multi-step demos on the real engine', () => {
  it('lifecycle: create, start, logs, stop, logs, rm, each under its CLI line', async () => {
    const events = await runToEnd(server.url, 'lifecycle')
    const steps = byStep(events)
    expect(steps.map(s => s[0].split(' ').slice(0, 4).join(' '))).toEqual([
      'docker create --name clock',
      'docker start clock',
      'timeout 2.5 docker logs',
      'docker stop --time 2',
      'docker logs clock',
      'docker rm clock',
    ])
    expect(steps[2]![1]).toMatch(/^started as PID 1\n(\d\d:\d\d:\d\d\n)+$/)
    expect(steps[4]![1]).toMatch(/got SIGTERM, bye\n$/)
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0, stopped: false },
    })
    await expectNothingLeft()
  })

  it('volume: written by one container, read by a second after the first is gone', async () => {
    const events = await runToEnd(server.url, 'volume-outlives')
    const steps = byStep(events)
    const writer = /written by ([0-9a-f]{12})/.exec(steps[2]![1] + steps[1]![1])
    expect(steps[1]![1]).toMatch(/note\.txt/)
    expect(steps[2]![1]).toMatch(/^written by [0-9a-f]{12}\n$/)
    expect(writer).not.toBeNull()
    expect(outputOf(events, 'stderr')).toBe('')
    await expectNothingLeft()
  })
})
