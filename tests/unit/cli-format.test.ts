import { describe, expect, it } from 'vitest'
import { dockerDiff, dockerHistory, dockerTag, dockerUntag, imageInspect } from '../../demos/steps'
import { bytesSize, diffLines, ellipsis, fieldAt, goValue, historyTable, humanSize, statsTable } from '../../server/runs/cli-format'

describe('engine answers printed as the docker CLI prints them', () => {
  it('sizes in decimal units with three significant digits', () => {
    expect(humanSize(0)).toBe('0B')
    expect(humanSize(163)).toBe('163B')
    expect(humanSize(3216)).toBe('3.22kB')
    expect(humanSize(1_982_256)).toBe('1.98MB')
    expect(humanSize(123_456_789)).toBe('123MB')
  })

  it('cuts long cells at 45 characters, the last one an ellipsis', () => {
    expect(ellipsis('short', 45)).toBe('short')
    const cut = ellipsis(`/bin/sh -c #(nop) COPY file:${'a'.repeat(64)} in /bin/busybox`, 45)
    expect([...cut]).toHaveLength(45)
    expect(cut.endsWith('a…')).toBe(true)
  })

  it('history: a padded table, tabs in an instruction shown as spaces', () => {
    expect(historyTable([
      { CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]', Size: 0 },
      { CreatedBy: 'echo\thi', Size: 2048 },
    ])).toBe(
      'CREATED BY                      SIZE\n'
      + '/bin/sh -c #(nop)  CMD ["sh"]   0B\n'
      + 'echo hi                         2.05kB\n',
    )
  })

  it('diff: A, C, D per path, sorted by path; no changes print nothing', () => {
    expect(diffLines([
      { Path: '/note.txt', Kind: 1 },
      { Path: '/etc', Kind: 0 },
      { Path: '/etc/group', Kind: 2 },
    ])).toBe('C /etc\nD /etc/group\nA /note.txt\n')
    expect(diffLines(null)).toBe('')
  })

  it('inspect fields as Go templates print them', () => {
    const info = {
      Id: 'sha256:ab',
      RepoDigests: [],
      Config: {
        Cmd: ['echo', 'hi'],
        Entrypoint: null,
      },
    }
    expect(goValue(fieldAt(info, 'Id'))).toBe('sha256:ab')
    expect(goValue(fieldAt(info, 'RepoDigests'))).toBe('[]')
    expect(goValue(fieldAt(info, 'Config.Cmd'))).toBe('[echo hi]')
    expect(goValue(fieldAt(info, 'Config.Entrypoint'))).toBe('<no value>')
  })
})

describe('image steps: CLI lines from their arguments', () => {
  it('history, inspect and diff', () => {
    expect(dockerHistory('talk/busybox').cli).toBe(`docker history --format 'table {{.CreatedBy}}\t{{.Size}}' talk/busybox`)
    expect(imageInspect('talk/greeter', ['Config.Entrypoint', 'Config.Cmd']).cli).toBe(`docker image inspect --format '{{.Config.Entrypoint}} {{.Config.Cmd}}' talk/greeter`)
    expect(dockerDiff('writer').cli).toBe('docker diff writer')
  })

  it('tags only the names declared for demos, so no step can remove a shared image', () => {
    expect(dockerTag('talk/busybox', 'talk/busybox:v1').cli).toBe('docker tag talk/busybox talk/busybox:v1')
    expect(dockerUntag('talk/busybox:v1').cli).toBe('docker rmi talk/busybox:v1')
    expect(() => dockerUntag('talk/busybox')).toThrow(/not declared/)
    expect(() => dockerTag('talk/busybox', 'talk/build-demo:latest')).toThrow(/not declared/)
  })
})

describe('docker stats, as the CLI computes and prints it', () => {
  it('memory in binary units with four significant digits', () => {
    expect(bytesSize(704_512)).toBe('688KiB')
    expect(bytesSize(1_278_000)).toBe('1.219MiB')
    expect(bytesSize(64 * 1024 * 1024)).toBe('64MiB')
  })

  it('the CPU as a share of the host over the interval, memory without inactive page cache', () => {
    expect(statsTable([
      {
        name: '/talk-box-1',
        cpu_stats: {
          cpu_usage: { total_usage: 2_000_000 },
          system_cpu_usage: 1_000_000_000,
          online_cpus: 2,
        },
        precpu_stats: {
          cpu_usage: { total_usage: 1_000_000 },
          system_cpu_usage: 900_000_000,
        },
        memory_stats: {
          usage: 2 * 1024 * 1024,
          limit: 64 * 1024 * 1024,
          stats: { total_inactive_file: 1024 * 1024 },
        },
        pids_stats: { current: 2 },
      },
    ])).toBe('NAME         CPU %   MEM USAGE / LIMIT   PIDS\ntalk-box-1   2.00%   1MiB / 64MiB        2\n')
  })
})
