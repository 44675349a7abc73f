// The containers section's step constructors and what their verbs print, without an engine.
import { describe, expect, it } from 'vitest'
import { bindMount } from '../../demos/hardening'
import { containerPrune, dockerInspect, dockerPs, dockerRun } from '../../demos/steps'
import { pruneReport, table } from '../../server/runs/cli-format'

describe('container inspect, ps and prune', () => {
  it('show their CLI lines as a speaker would type them, the label filter included', () => {
    expect(dockerInspect('box').cli).toBe(`docker inspect --format '{{.State.Status}}' box`)
    expect(dockerInspect('box', ['State.Status', 'State.ExitCode']).cli).toBe(`docker inspect --format '{{.State.Status}} {{.State.ExitCode}}' box`)
    // `\t` as typed: the CLI turns it into a tab, the shell does not.
    expect(dockerPs('states').cli).toBe(`docker ps -a --filter label=docker-talk.demo=states --format 'table {{.Names}}\\t{{.Status}}'`)
    expect(containerPrune('states').cli).toBe('docker container prune --force --filter label=docker-talk.demo=states')
  })

  it('print prune reports and ps tables as the CLI does', () => {
    expect(pruneReport([], 0)).toBe('Total reclaimed space: 0B\n')
    expect(pruneReport([
      'a'.repeat(64),
    ], 12_288)).toBe(`Deleted Containers:\n${'a'.repeat(64)}\n\nTotal reclaimed space: 12.29kB\n`)
    expect(table([
      ['NAMES', 'STATUS'],
    ])).toBe('NAMES   STATUS\n')
    expect(table([
      ['NAMES', 'STATUS'],
      ['talk-box-1', 'Exited (137) 1 second ago'],
    ])).toBe('NAMES        STATUS\ntalk-box-1   Exited (137) 1 second ago\n')
  })
})

describe('bind mounts', () => {
  it('are read-only folders of this project, shown as `-v ./path:target:ro`', () => {
    const step = dockerRun({
      image: 'talk/busybox',
      binds: { './demos/images/build-demo': '/site' },
      cmd: ['ls', '/site'],
    })
    expect(step.cli).toBe('docker run --rm -v ./demos/images/build-demo:/site:ro talk/busybox ls /site')
    expect(bindMount('./demos/images/build-demo', '/site')).toMatchObject({
      Type: 'bind',
      Target: '/site',
      ReadOnly: true,
      Source: expect.stringMatching(/\/demos\/images\/build-demo$/),
    })
  })

  it('never reach outside the project', () => {
    for (const source of [
      '/etc',
      '../',
      './..',
      './demos/../../etc',
      'demos/images',
    ])
      expect(() => bindMount(source, '/x'), source).toThrow(/inside the project/)
  })
})
