// The containers section's demos on the real engine: namespaces, cgroup limits, lifecycle.
import { describe, expect, it } from 'vitest'
import { expectNothingLeft } from '../support/engine'
import { useTestServer } from '../support/server'
import { byStep, exitOf, outputOf, runToEnd } from '../support/sse'

const server = useTestServer({}, { nothingLeft: true })

describe('namespaces: what a container sees', () => {
  it('pid-namespace: the command is PID 1 and the only process', async () => {
    const events = await runToEnd(server.url, 'pid-namespace')
    expect(byStep(events)).toEqual([
      [
        'docker run --rm talk/busybox ps',
        expect.stringMatching(/^PID +USER +COMMAND\n +1 root +ps\n$/),
      ],
    ])
    expect(exitOf(events)).toMatchObject({ code: 0 })
  })

  it('uts-namespace: the container id as hostname, or the one --hostname gives', async () => {
    const steps = byStep(await runToEnd(server.url, 'uts-namespace'))
    expect(steps[0]).toEqual([
      'docker run --rm talk/busybox hostname',
      expect.stringMatching(/^[0-9a-f]{12}\n$/),
    ])
    expect(steps[1]).toEqual(['docker run --rm --hostname talk-box talk/busybox hostname', 'talk-box\n'])
  })

  it('net-namespace: with --network none only lo exists', async () => {
    const [[cli, out]] = byStep(await runToEnd(server.url, 'net-namespace')) as [[string, string]]
    expect(cli).toBe('docker run --rm --network none talk/busybox ip addr')
    expect(out).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP>/)
    expect(out).toContain('inet 127.0.0.1/8')
    expect(out.match(/^\d+: /gm)).toEqual(['1: '])
  })

  it('mount-namespace: the root filesystem is the image, on overlay', async () => {
    const [[, out]] = byStep(await runToEnd(server.url, 'mount-namespace')) as [[string, string]]
    expect(out).toMatch(/^bin\ndev\netc\nproc\nsys\nFilesystem/)
    expect(out).toMatch(/\noverlay .* \/\n$/)
  })
  it('by-hand: one step per namespace, then a new root: a hostname of its own, PID 1, only lo, the busybox tree', async () => {
    const events = await runToEnd(server.url, 'by-hand')
    const steps = byStep(events)
    // The container's own flags, then the command each click runs in it.
    for (const [cli] of steps) expect(cli).toMatch(/^docker run --rm --cap-add SYS_ADMIN --cap-add SYS_CHROOT --security-opt apparmor=unconfined .*talk\/by-hand /)
    expect(steps.map(s => s[0].replace(/^.* talk\/by-hand /, ''))).toEqual([
      'sh -c \'unshare -u sh -c "hostname by-hand; hostname"; hostname\'',
      'unshare -p -f --mount-proc ps -o pid,comm',
      'unshare -n ip link',
      'chroot /rootfs ls /',
    ])
    // The new UTS namespace's hostname, then the container's own, untouched: its short ID.
    expect(steps[0]![1]).toMatch(/^by-hand\n[0-9a-f]{12}\n$/)
    expect(steps[1]![1]).toMatch(/^PID +COMMAND\n +1 ps\n$/)
    // A new network namespace has one interface, lo, and it is down (no UP flag).
    expect(steps[2]![1]).toMatch(/^1: lo: <LOOPBACK> /)
    expect(steps[2]![1].match(/^\d+: /gm)).toHaveLength(1)
    expect(steps[3]![1]).toBe('bin\nproc\n')
    expect(exitOf(events)).toMatchObject({ code: 0 })
  })

  it('container-process: docker top shows the site\'s httpd with a host PID and UID 2000; inside, it is PID 1', async () => {
    const events = await runToEnd(server.url, 'container-process')
    const steps = byStep(events)
    expect(steps.map(s => s[0])).toEqual([
      'docker run -d --name site talk/build-demo',
      'docker top site -o pid,ppid,user,args',
      'docker exec site ps -o pid,user,args',
      'docker rm -f site',
    ])
    const [titles, ...rows] = steps[1]![1].trimEnd().split('\n')
    expect(titles).toMatch(/^PID +PPID +USER +COMMAND$/)
    expect(rows).toHaveLength(1)
    const [pid, ppid, user] = rows[0]!.split(/\s+/)
    expect(Number(pid)).toBeGreaterThan(1)
    expect(Number(ppid)).toBeGreaterThan(1)
    expect(user).toBe('2000')
    expect(rows[0]).toContain('httpd -f -v -p 8080 -h /srv/www')
    expect(steps[2]![1]).toMatch(/^PID +USER +COMMAND\n +1 web +httpd -f -v -p 8080 -h \/srv\/www\n/)
    expect(exitOf(events)).toMatchObject({ code: 0 })
    await expectNothingLeft()
  })
})

describe('cgroups: what a container may use', () => {
  it('oom-kill: past --memory 16m the process is OOM-killed, exit 137', async () => {
    const events = await runToEnd(server.url, 'oom-kill')
    expect(byStep(events)[0]![0]).toBe('docker run --rm --memory 16m --memory-swap 16m talk/limits eat-memory')
    expect(outputOf(events, 'stdout')).toMatch(/^memory limit: 16 MiB\nholding 1 MiB\nholding 2 MiB\n/)
    expect(exitOf(events)).toMatchObject({ code: 137, oomKilled: true, stopped: false })
  })

  it('fork-bomb: --pids-limit 20 refuses the forks, the container survives and exits on its own', async () => {
    const events = await runToEnd(server.url, 'fork-bomb')
    expect(byStep(events)[0]![0]).toBe('docker run --rm --tmpfs /tmp:size=16m --pids-limit 20 talk/limits fork-bomb')
    const out = outputOf(events, 'stdout')
    expect(out).toMatch(/^pids\.max: 20\n/)
    expect(Number(/forks refused by the kernel: (\d+)/.exec(out)?.[1])).toBeGreaterThan(0)
    expect(out).toContain('the bomb said: can\'t fork: Resource temporarily unavailable\n')
    expect(out).toMatch(/the container is still alive\n$/)
    expect(exitOf(events)).toMatchObject({ code: 0, stopped: false })
  })

  it('cpu-quota: 0.2 CPUs get at most a fifth of a second per second; the loop alone never reaches 1 CPU', async () => {
    const steps = byStep(await runToEnd(server.url, 'cpu-quota'))
    const parse = (out: string): { loops: number, cpuMs: number, throttled: number } => {
      const m = /^(\d+) loops in 1 s\nCPU time: (\d+) ms\nnr_throttled (\d+)\n$/.exec(out)
      if (!m)
        throw new Error(`unexpected output: ${out}`)
      return {
        loops: Number(m[1]),
        cpuMs: Number(m[2]),
        throttled: Number(m[3]),
      }
    }
    expect(steps.map(s => s[0])).toEqual([
      'docker run --rm --cpus 0.2 talk/limits count-loops',
      'docker run --rm --cpus 1 talk/limits count-loops',
    ])
    const [slow, fast] = [
      parse(steps[0]![1]),
      parse(steps[1]![1]),
    ]
    // The quota is a hard ceiling (20 ms per 100 ms period), whatever else the machine is doing.
    // How much CPU either run gets below its ceiling depends on the load (on a busy machine the
    // 0.2 run may never reach its quota, so it is not always throttled); a single-threaded loop
    // can never exceed 1 CPU alone: only a period in which the container's other processes start
    // (runc's, the timer's subshell) beside it can be throttled, never most of the ten.
    expect(slow.cpuMs).toBeLessThan(400)
    expect(fast.throttled).toBeLessThan(5)
    expect(slow.loops).toBeGreaterThan(0)
  })
})

describe('lifecycle', () => {
  it('container-states: created, running, then exited with 137 after stop', async () => {
    const events = await runToEnd(server.url, 'container-states')
    const steps = byStep(events)
    expect(steps).toEqual([
      ['docker create --name box talk/busybox sleep 600', ''],
      [`docker inspect --format '{{.State.Status}}' box`, 'created\n'],
      ['docker start box', ''],
      [`docker inspect --format '{{.State.Status}}' box`, 'running\n'],
      ['docker stop --time 1 box', ''],
      [`docker inspect --format '{{.State.Status}} {{.State.ExitCode}}' box`, 'exited 137\n'],
      ['docker rm box', ''],
    ])
    expect(exitOf(events)).toMatchObject({ code: 0 })
  })

  it('prune: the exited container is listed, pruned by the label filter, and gone', async () => {
    const events = await runToEnd(server.url, 'prune')
    const steps = byStep(events)
    const ps = `docker ps -a --filter label=docker-talk.demo=prune --format 'table {{.Names}}\\t{{.Status}}'`
    expect(steps).toEqual([
      ['docker create --name old talk/busybox echo done', ''],
      ['docker start old', ''],
      ['docker wait old', '0\n'],
      [
        ps,
        expect.stringMatching(/^NAMES +STATUS\ntalk-old-[0-9a-f]{8} +Exited \(0\) (Less than a second|1 second|2 seconds) ago\n$/),
      ],
      [
        'docker container prune --force --filter label=docker-talk.demo=prune',
        expect.stringMatching(/^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: \d/),
      ],
      [ps, 'NAMES   STATUS\n'],
    ])
    expect(exitOf(events)).toMatchObject({ code: 0 })
  })

  it('container-ephemeral: a file written in one container is not in the next one from the same image', async () => {
    const events = await runToEnd(server.url, 'container-ephemeral')
    const steps = byStep(events)
    expect(steps[0]).toEqual([`docker run --rm talk/busybox sh -c 'echo "my notes" > /notes.txt; cat /notes.txt'`, 'my notes\n'])
    expect(steps[1]).toEqual(['docker run --rm talk/busybox cat /notes.txt', `cat: can't open '/notes.txt': No such file or directory\n`])
    expect(exitOf(events)).toMatchObject({ code: 1 })
  })
})
