import type { TestServer } from '../support/server'
// Section 2 of the talk: every demo of demos/catalog/terminology.ts on the real engine, with what
// its slide says it shows.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { compileC } from '../../demos/toolchain/compile-c'
import { isStaticElf } from '../../demos/toolchain/static-busybox'
import { docker, expectNothingLeft } from '../support/engine'
import { startServer } from '../support/server'
import { byStep, exitOf, outputOf, runToEnd } from '../support/sse'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterEach(async () => {
  await expectNothingLeft()
})
afterAll(async () => {
  await server.close()
})

const NAMESPACE_LINE = /^(mnt|net|pid|user|uts):\[(\d+)\]$/

function namespaces(output: string): Record<string, string> {
  return Object.fromEntries(output.trim().split('\n').map((line) => {
    const m = NAMESPACE_LINE.exec(line)
    if (!m)
      throw new Error(`not a namespace line: ${line}`)
    return [m[1]!, m[2]!]
  }))
}

describe('terminology demos on the real engine', () => {
  it('ports: a non-root user and a root without capabilities are refused :80; CAP_NET_BIND_SERVICE binds it', async () => {
    const events = await runToEnd(server.url, 'ports')
    const steps = byStep(events)
    expect(steps.map(s => s[0])).toEqual([
      `docker run --rm --user 1000 --sysctl net.ipv4.ip_unprivileged_port_start=1024 talk/busybox sh -c 'httpd -p 80 && echo "listening on :80"'`,
      `docker run --rm --sysctl net.ipv4.ip_unprivileged_port_start=1024 --cap-drop ALL talk/busybox sh -c 'httpd -p 80 && echo "listening on :80"'`,
      `docker run --rm --cap-add NET_BIND_SERVICE --sysctl net.ipv4.ip_unprivileged_port_start=1024 --cap-drop ALL talk/busybox sh -c 'httpd -p 80 && echo "listening on :80"'`,
    ])
    expect(steps.map(s => s[1])).toEqual([
      'httpd: bind: Permission denied\n',
      'httpd: bind: Permission denied\n',
      'listening on :80\n',
    ])
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 0 },
    })
  })

  it('linking: in a FROM scratch image the static binary runs and the dynamic one fails with the engine\'s error', async () => {
    const events = await runToEnd(server.url, 'linking')
    const steps = byStep(events, 'stdout')
    expect(steps.map(s => s[0])).toEqual(['docker run --rm talk/hello-c /hello-static', 'docker run --rm talk/hello-c /hello-dynamic'])
    expect(steps.map(s => s[1])).toEqual(['hello from /hello-static\n', ''])
    const errors = byStep(events, 'stderr').map(s => s[1])
    expect(errors[0]).toBe('')
    // runc names the binary although the file it could not find is the loader.
    expect(errors[1]).toMatch(/\/hello-dynamic.*no such file or directory/)
    expect(exitOf(events).code).toBeGreaterThan(0)
  })

  it('namespaces: two running containers have different mnt, net, pid and uts namespaces and share the user namespace', async () => {
    const events = await runToEnd(server.url, 'namespaces')
    const steps = byStep(events)
    expect(steps.map(s => s[0].split(' ').slice(0, 3).join(' '))).toEqual([
      'docker run -d',
      'docker exec first',
      'docker run --rm',
      'docker rm -f',
    ])
    const first = namespaces(steps[1]![1])
    const second = namespaces(steps[2]![1])
    expect(Object.keys(first)).toEqual(['mnt', 'net', 'pid', 'user', 'uts'])
    for (const ns of ['mnt', 'net', 'pid', 'uts']) expect(second[ns], ns).not.toBe(first[ns])
    expect(second.user).toBe(first.user)
    expect(outputOf(events, 'stderr')).toBe('')
  })

  it('cgroups: the container reads its memory, pids and CPU limits (v1 or v2 layout)', async () => {
    const events = await runToEnd(server.url, 'cgroups')
    const out = outputOf(events, 'stdout')
    const v2 = 'memory.max:33554432\npids.max:20\ncpu.max:50000 100000\n'
    const v1 = 'memory/memory.limit_in_bytes:33554432\npids/pids.max:20\ncpu/cpu.cfs_quota_us:50000\n'
    expect([v1, v2]).toContain(out)
    expect(byStep(events)[0]![0]).toContain('--memory 32m --memory-swap 32m --pids-limit 20 --cpus 0.5')
  })

  it('capabilities: root chowns with CAP_CHOWN and is refused without it', async () => {
    const events = await runToEnd(server.url, 'capabilities')
    const [withChown, without] = byStep(events, 'stdout')
    expect(withChown![0]).toContain('--cap-add CHOWN')
    expect(withChown![1]).toMatch(/^CapEff:\t0000000000000001\n-rw-r--r-- +1 1000 +0 .* \/tmp\/f\n$/)
    expect(without![0]).not.toContain('--cap-add')
    expect(without![1]).toBe('CapEff:\t0000000000000000\n')
    expect(byStep(events, 'stderr').map(s => s[1])).toEqual(['', 'chown: /tmp/f: Operation not permitted\n'])
    expect(events.at(-1)).toMatchObject({
      event: 'exit',
      data: { code: 1 },
    })
  })

  it('seccomp: the default filter refuses unshare(CLONE_NEWUSER); without it the same container may', async () => {
    const events = await runToEnd(server.url, 'seccomp')
    const [filtered, unconfined] = byStep(events, 'stdout')
    expect(filtered![0]).not.toContain('--security-opt')
    expect(unconfined![0]).toContain('--security-opt seccomp=unconfined')
    expect(filtered![1]).toBe('Seccomp:\t2\n')
    expect(unconfined![1]).toBe('Seccomp:\t0\nnew user namespace\n')
    expect(byStep(events, 'stderr').map(s => s[1])).toEqual(['unshare: unshare(0x10000000): Operation not permitted\n', ''])
  })

  it('proc: the container sees only its own processes, its shell as PID 1', async () => {
    const events = await runToEnd(server.url, 'proc')
    expect(outputOf(events, 'stdout')).toMatch(/^PID +COMMAND\n +1 sh\n +\d+ ps\n\/proc\/1\n$/)
  })

  it('engine-api: GET /version on the socket answers the engine\'s version', async () => {
    const events = await runToEnd(server.url, 'engine-api')
    const shown = JSON.parse(outputOf(events, 'stdout')) as Record<string, string>
    const version = await docker.version()
    expect(Object.keys(shown)).toEqual([
      'Version',
      'ApiVersion',
      'Os',
      'Arch',
      'KernelVersion',
    ])
    expect(shown).toMatchObject({ Version: version.Version, ApiVersion: version.ApiVersion, Os: version.Os })
    expect(byStep(events)[0]![0]).toMatch(/^curl -s --unix-socket \/var\/run\/docker\.sock http:\/\/localhost\/version/)
  })

  it('uid: root is UID 0 and --user 1000 is UID 1000, both mapped 1:1 to the host', async () => {
    const events = await runToEnd(server.url, 'uid')
    const [root, user] = byStep(events)
    expect(root![1]).toMatch(/^uid=0\(root\) gid=0\(root\)/)
    expect(user![1]).toMatch(/^uid=1000\(speaker\) gid=1000\(speaker\)/)
    expect(root![1]).toMatch(/\n +0 +0 +4294967295\n$/)
  })
})

describe('talk/hello-c, as demos:prepare stages it', () => {
  it('compiles hello.c into a static ELF with no interpreter and a dynamic one that names one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hello-c-'))
    try {
      const source = resolve(import.meta.dirname, '../../demos/images/hello-c/hello.c')
      await compileC(source, join(dir, 'hello-static'), true)
      await compileC(source, join(dir, 'hello-dynamic'), false)
      expect(await isStaticElf(join(dir, 'hello-static'))).toBe(true)
      expect(await isStaticElf(join(dir, 'hello-dynamic'))).toBe(false)
    }
    finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('says how to get a compiler when there is none', async () => {
    const cc = process.env.CC
    process.env.CC = '/nonexistent/cc'
    try {
      await expect(compileC('hello.c', '/tmp/never', true)).rejects.toThrow(/not found.*apt-get install gcc/)
    }
    finally {
      if (cc === undefined)
        delete process.env.CC
      else process.env.CC = cc
    }
  })
})
