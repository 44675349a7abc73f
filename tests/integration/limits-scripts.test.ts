import type Docker from 'dockerode'
import type { Buffer } from 'node:buffer'
import type { ContainerSpec } from '../../demos/types'
// The cgroup demos' scripts (demos/images/limits/) read cgroup v2's files first and v1's as the
// fallback. This machine has one kind (v1 here), so each script runs in busybox's sh, as on stage,
// under the demo's real limits but reading a fixture tree of each kind (CGROUP=/cg), whose
// values differ from the real limits': both branches are exercised whatever the host has.
import { afterAll, describe, expect, it } from 'vitest'
import { containerOptions } from '../../demos/hardening'
import { BUSYBOX } from '../../demos/images'
import { frameSplitter } from '../../server/engine/frames'
import { labelsFor } from '../../shared/labels'
import { docker, expectNothingLeft } from '../support/engine'

const made: Docker.Container[] = []
afterAll(async () => {
  await Promise.all(made.map(c => c.remove({ force: true }).catch(() => {})))
  await expectNothingLeft({ demo: 'limits-scripts' })
})

async function runScript(script: string, tree: 'v1' | 'v2', limits: Partial<ContainerSpec>): Promise<{ code: number, out: string }> {
  const spec: ContainerSpec = {
    image: BUSYBOX,
    binds: { './demos/images/limits': '/scripts', [`./tests/fixtures/cgroup/${tree}`]: '/cg' },
    env: { CGROUP: '/cg' },
    cmd: ['sh', `/scripts/${script}`],
    ...limits,
  }
  const container = await docker.createContainer(containerOptions(spec, labelsFor('limits-scripts', `${script}-${tree}`), {
    volume: a => a,
    network: a => a,
  }))
  made.push(container)
  await container.start()
  const { StatusCode } = await container.wait() as { StatusCode: number }
  let out = ''
  frameSplitter((stream, payload) => {
    if (stream === 'stdout')
      out += payload.toString()
  })(
    await container.logs({ stdout: true, stderr: true, follow: false }) as unknown as Buffer,
  )
  await container.remove({ force: true })
  return { code: StatusCode, out }
}

describe.each([
  {
    tree: 'v2' as const,
    memoryMib: 12,
    pidsMax: 30,
    refused: 7,
    cpuMs: 201,
    throttled: 9,
  },
  {
    tree: 'v1' as const,
    memoryMib: 8,
    pidsMax: 25,
    refused: 5,
    cpuMs: 302,
    throttled: 4,
  },
])('cgroup $tree files', ({ tree, memoryMib, pidsMax, refused, cpuMs, throttled }) => {
  it('eat-memory reads the memory limit, then the real limit kills it', async () => {
    const { code, out } = await runScript('eat-memory', tree, { memoryMb: 16 })
    expect(out.split('\n')[0]).toBe(`memory limit: ${memoryMib} MiB`)
    expect(code).toBe(137)
  })

  it('fork-bomb reads pids.max and the refused forks from pids.events; the container lives on', async () => {
    const { code, out } = await runScript('fork-bomb', tree, {
      pids: 20,
      tmpfs: ['/tmp'],
    })
    expect(out).toContain(`pids.max: ${pidsMax}\n`)
    expect(out).toContain(`forks refused by the kernel: ${refused}\n`)
    expect(out).toContain('the container is still alive\n')
    expect(code).toBe(0)
  })

  it('count-loops reads the CPU time and nr_throttled from cpu.stat', async () => {
    const { code, out } = await runScript('count-loops', tree, { cpus: 0.2 })
    expect(out).toMatch(/^\d+ loops in 1 s\n/)
    expect(out).toContain(`CPU time: ${cpuMs} ms\n`)
    expect(out).toContain(`nr_throttled ${throttled}\n`)
    expect(code).toBe(0)
  })
})
