import type { Demo } from '../../demos/types'
import { describe, expect, it } from 'vitest'
import { cliCommands, parseCli, shellWords } from '../../deck/cli-commands'
import { dockerBuild, dockerCreate, dockerLogs, dockerRun, dockerStop, networkCreate } from '../../demos/steps'

const demo = (id: string, steps: Demo['steps']): Demo => ({ id, title: id, images: [], steps })

describe('the CLI table, derived from the catalog', () => {
  it('keeps quoted words whole', () => {
    expect(shellWords(`docker run --rm talk/busybox sh -c 'echo -n hi; ls -l'`)).toEqual([
      'docker',
      'run',
      '--rm',
      'talk/busybox',
      'sh',
      '-c',
      `'echo -n hi; ls -l'`,
    ])
  })

  it('takes flags up to the image, never from the command run inside the container', () => {
    expect(parseCli(dockerRun({
      image: 'talk/busybox',
      network: 'none',
      cmd: ['ls', '-l', '/'],
    }).cli)).toEqual({
      command: 'docker run',
      flags: ['--rm', '--network'],
    })
    expect(parseCli(dockerBuild('talk/build-demo', { noCache: true }).cli)).toEqual({
      command: 'docker build',
      flags: ['--no-cache', '-t'],
    })
  })

  it('stops at the first argument of other verbs, and knows management commands and timeout', () => {
    expect(parseCli('docker stop --time 2 clock')).toEqual({
      command: 'docker stop',
      flags: ['--time'],
    })
    expect(parseCli('docker exec web wget -q -O - http://web/')).toEqual({ command: 'docker exec', flags: [] })
    expect(parseCli('timeout 2.5 docker logs --follow clock')).toEqual({
      command: 'docker logs',
      flags: ['--follow'],
    })
    expect(parseCli('docker network create talk-net')).toEqual({ command: 'docker network create', flags: [] })
    expect(parseCli('curl -s http://127.0.0.1:8080/')).toBeUndefined()
  })

  it('one row per command, in the order the talk first runs it, with every slide it runs on', () => {
    const demos = [
      demo('late', [
        networkCreate('n'),
        dockerRun({
          image: 'talk/busybox',
          volumes: { v: '/v' },
        }),
      ]),
      demo('early', [
        dockerCreate('c', { image: 'talk/busybox' }),
        dockerLogs('c'),
        dockerStop('c'),
        dockerRun({ image: 'talk/busybox', user: '1000' }),
      ]),
      demo('unshown', [
        dockerBuild('talk/build-demo'),
      ]),
    ]
    const slides: Record<string, number[]> = {
      early: [4],
      late: [9, 2],
    }
    expect(cliCommands(demos, id => slides[id] ?? [])).toEqual([
      {
        command: 'docker network create',
        flags: [],
        slides: [2, 9],
      },
      {
        command: 'docker run',
        flags: ['--rm', '-v', '--user'],
        slides: [2, 4, 9],
      },
      {
        command: 'docker create',
        flags: ['--name'],
        slides: [4],
      },
      {
        command: 'docker logs',
        flags: [],
        slides: [4],
      },
      {
        command: 'docker stop',
        flags: ['--time'],
        slides: [4],
      },
    ])
  })
})
