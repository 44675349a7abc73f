// The demos of sections 3 (Linux commands), 4 (containers vs VMs) and 14 (the engine), each run
// on the real engine through the server, with what they print on stage asserted.
import { describe, expect, it } from 'vitest'
import { docker } from '../support/engine'
import { useTestServer } from '../support/server'
import { slideOf } from '../support/slides'
import { byStep, outputOf, runToEnd } from '../support/sse'

const server = useTestServer({}, { nothingLeft: true })

describe('basic Linux commands in talk/toolbox', () => {
  it('dir-stack: pwd, cd, pushd/popd print the directory stack, mv renames', async () => {
    const events = await runToEnd(server.url, 'dir-stack')
    const [[cli, out]] = byStep(events) as [[string, string]]
    expect(cli).toBe('docker run --rm --workdir /work --tmpfs /work:size=16m,exec --tmpfs /tmp:size=16m --read-only talk/toolbox bash /demo/dirs.sh')
    expect(out).toBe([
      '$ pwd',
      '/work',
      '$ mkdir -p project/src',
      '$ cd project/src',
      '$ pushd /tmp',
      '/tmp /work/project/src',
      '$ pushd /etc',
      '/etc /tmp /work/project/src',
      '$ popd',
      '/tmp /work/project/src',
      '$ popd',
      '/work/project/src',
      '$ touch draft.txt',
      '$ mv draft.txt notes.txt',
      '$ ls',
      'notes.txt',
      '',
    ].join('\n'))
    expect(outputOf(events, 'stderr')).toBe('')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
  })

  it('gcc-hello: gcc compiles hello.c in the container and the program runs there', async () => {
    const events = await runToEnd(server.url, 'gcc-hello')
    const out = outputOf(events, 'stdout')
    expect(out).toMatch(/^\$ cp \/demo\/hello\.c \.\n\$ gcc -Wall -o hello hello\.c\n\$ \.\/hello\nhello from a container\n\$ ls -l hello\n-rwx\S* +1 root +root +\d+ .* hello\n$/)
    // -Wall: a clean compile prints nothing.
    expect(outputOf(events, 'stderr')).toBe('')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
  })
})

describe('containers vs virtual machines', () => {
  it('same-kernel: uname -r in a container is the engine host\'s kernel', async () => {
    const { KernelVersion } = await docker.info() as { KernelVersion: string }
    const steps = byStep(await runToEnd(server.url, 'same-kernel'))
    expect(steps.map(s => s[0])).toEqual([
      'docker info --format \'{{.KernelVersion}}\'',
      'docker run --rm talk/busybox uname -r',
    ])
    expect(steps[0]![1]).toBe(`${KernelVersion}\n`)
    expect(steps[1]![1]).toBe(steps[0]![1])
  })

  it('start-time: times three containers from create to exit, each in milliseconds', async () => {
    const events = await runToEnd(server.url, 'start-time')
    const lines = outputOf(events, 'stdout').trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^container ${i + 1}: created, started, exited 0 in \\d+ ms$`)))
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
  })
})

describe('how the engine works', () => {
  it('engine-info: GET /info over the socket says what the engine runs on', async () => {
    const info = await docker.info() as Record<string, unknown>
    const out = outputOf(await runToEnd(server.url, 'engine-info'), 'stdout')
    expect(JSON.parse(out)).toEqual({
      OperatingSystem: info.OperatingSystem,
      KernelVersion: info.KernelVersion,
      CgroupDriver: info.CgroupDriver,
      CgroupVersion: info.CgroupVersion,
      DefaultRuntime: info.DefaultRuntime,
      Runtimes: Object.keys(info.Runtimes as object).sort(),
    })
    expect(out).toMatch(/^\{\n {2}"OperatingSystem": /)
  })
})

describe('the CLI section\'s everyday verbs', () => {
  it('cli-tour: version names containerd and runc; pause freezes (paused, no CPU), unpause thaws; start -a streams the output', async () => {
    const events = await runToEnd(server.url, 'cli-tour')
    const steps = byStep(events)
    expect(steps.map(s => s[0].split(' ').slice(0, 2).join(' '))).toEqual([
      'docker version',
      'docker run',
      'docker pause',
      'docker inspect',
      'docker stats',
      'docker unpause',
      'docker exec',
      'docker logs',
      'docker rm',
      'docker create',
      'docker start',
      'docker rm',
    ])
    expect(steps[0]![1]).toMatch(/^Engine \S+\ncontainerd \S+\nrunc \S+\n/)
    expect(steps[3]![1]).toBe('paused\n')
    expect(steps[4]![1]).toMatch(/^NAME +CPU % +MEM USAGE \/ LIMIT +PIDS\ntalk-box-\S+ +0\.00% +[\d.]+[KM]iB \/ 64MiB +\d+\n$/)
    expect(steps[6]![1]).toMatch(/^PID +STAT COMMAND\n +1 S +sh\n/)
    expect(steps[10]![1]).toBe('hello from start -a\n')
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
  })
})

it('every demo of these sections is shown on a slide', async () => {
  for (const id of [
    'dir-stack',
    'gcc-hello',
    'same-kernel',
    'start-time',
    'engine-info',
    'cli-tour',
  ]) {
    expect(await slideOf(id)).toBeGreaterThan(1)
  }
})
