import type Docker from 'dockerode'
import type { ContainerSpec, StepContext } from '../../demos/types'
// CIS Docker Benchmark section 5 (container runtime), as docker-bench-security's
// `container_runtime` group checks it, on every container a demo or shell session makes: each is
// created on the engine with the exact options a run gives it (demos/hardening.ts) and
// read back with `docker inspect`. What a demo loosens must be what docs/trust-and-modes.md's table says,
// and nothing else may loosen at all.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { catalog, shellSessionsById } from '../../demos/catalog'
import { containerOptions } from '../../demos/hardening'
import { labelsFor } from '../../shared/labels'
import { PROJECT_ROOT } from '../../shared/paths'
import { docker, expectNothingLeft } from '../support/engine'

/** Every container spec a demo's steps hand to the engine, found by running them against a recorder. */
async function specsOf(steps: { run: (ctx: StepContext) => Promise<unknown> }[]): Promise<ContainerSpec[]> {
  const specs: ContainerSpec[] = []
  const exit = { code: 0, oomKilled: false }
  const vars = new Map<string, string>()
  const ctx = new Proxy({}, {
    get: (_t, name) => {
      if (name === 'signal')
        return new AbortController().signal
      if (name === 'vars')
        return vars
      if (name === 'run') {
        return async (spec: ContainerSpec) => {
          specs.push(spec)
          return exit
        }
      }
      if (name === 'create')
        return async (_alias: string, spec: ContainerSpec) => { specs.push(spec) }
      if (name === 'port')
        return async () => '127.0.0.1:1'
      if (name === 'print')
        return () => {}
      if (name === 'engineGet')
        return async () => ({})
      return async () => exit
    },
  }) as StepContext
  // Steps that only read the engine's answers may trip over the recorder's; their containers are recorded by then.
  for (const step of steps) {
    try {
      await step.run(ctx)
    }
    catch {}
  }
  return specs
}

/** CIS 5.x findings of one inspected container: what is loosened (allowed if declared) and what is wrong. */
function findings(info: Docker.ContainerInspectInfo): { loosened: string[], wrong: string[] } {
  const h = info.HostConfig as Docker.HostConfig & { Sysctls?: Record<string, string>, ReadonlyRootfs?: boolean, CgroupnsMode?: string }
  const loosened: string[] = []
  const wrong: string[] = []
  const fail = (check: string, bad: boolean): void => {
    if (bad)
      wrong.push(check)
  }
  fail('5.3 capabilities: CapDrop ALL', !(h.CapDrop ?? []).includes('ALL'))
  for (const cap of h.CapAdd ?? []) loosened.push(`5.3 cap-add ${cap}`)
  fail('5.4 privileged', h.Privileged === true)
  for (const m of info.Mounts) {
    fail(`5.5 host path ${m.Source} outside the project or writable`, m.Type === 'bind' && (!m.Source.startsWith(`${PROJECT_ROOT}/`) || m.RW))
    fail(`5.19 mount propagation ${m.Propagation}`, /shared/.test(m.Propagation ?? ''))
    fail('5.31 the Docker socket is mounted', /docker\.sock$/.test(m.Source))
  }
  fail('5.9 host network', h.NetworkMode === 'host')
  if (h.NetworkMode === 'bridge' || h.NetworkMode === 'default')
    loosened.push('5.29 default bridge network')
  else if (h.NetworkMode !== 'none')
    loosened.push('network: the run\'s own')
  fail('5.10 memory limit', !h.Memory)
  fail('5.11 CPU limit', !h.NanoCpus && !h.CpuShares && !h.CpuQuota)
  if (!h.ReadonlyRootfs)
    loosened.push('5.12 writable root filesystem')
  for (const [port, bindings] of Object.entries(h.PortBindings ?? {})) {
    fail(`5.13 port ${port} published beyond 127.0.0.1`, (bindings as { HostIp: string }[]).some(b => b.HostIp !== '127.0.0.1'))
    loosened.push(`5.8 publishes ${port} on 127.0.0.1`)
  }
  fail('5.15 host PID namespace', h.PidMode === 'host')
  fail('5.16 host IPC namespace', h.IpcMode === 'host')
  fail('5.17 host devices', (h.Devices ?? []).length > 0)
  fail('5.20 host UTS namespace', h.UTSMode === 'host')
  if ((h.SecurityOpt ?? []).includes('apparmor=unconfined'))
    loosened.push('5.1 AppArmor unconfined')
  if ((h.SecurityOpt ?? []).includes('seccomp=unconfined'))
    loosened.push('5.21 seccomp unconfined')
  fail('5.25 no-new-privileges', !(h.SecurityOpt ?? []).includes('no-new-privileges'))
  fail('5.28 PIDs limit', !(h.PidsLimit && h.PidsLimit > 0))
  fail('5.30 host user namespace', h.UsernsMode === 'host')
  for (const [key, value] of Object.entries(h.Sysctls ?? {})) loosened.push(`sysctl ${key}=${value}`)
  return { loosened, wrong }
}

/** docs/trust-and-modes.md's table: `| demo | what it loosens (CIS) | why |`, loosenings separated by `; `. */
function readmeTable(): Map<string, string[]> {
  const readme = readFileSync(resolve(PROJECT_ROOT, 'docs/trust-and-modes.md'), 'utf8')
  const section = readme.slice(readme.indexOf('<!-- cis-table -->'), readme.indexOf('<!-- /cis-table -->'))
  const rows = section.split('\n').filter(l => /^\| `/.test(l))
  return new Map(rows.map((row) => {
    const [demo, loosens] = row.split('|').slice(1, 3).map(c => c.trim())
    return [
      demo!.replaceAll('`', ''),
      loosens!.split('; ').map(s => s.replaceAll('`', '').trim()).sort(),
    ]
  }))
}

const made: Docker.Container[] = []
const extras: { remove: () => Promise<unknown> }[] = []
afterAll(async () => {
  await Promise.all(made.map(c => c.remove({ force: true, v: true }).catch(() => {})))
  for (const x of extras) await x.remove().catch(() => {})
})

it('every demo and shell container passes CIS 5; what one loosens is what docs/trust-and-modes.md\'s table says', async () => {
  const labels = labelsFor('cis', 'cis-check')
  const network = await docker.createNetwork({ Name: `talk-cis-${process.pid}`, Labels: labels })
  const volume = await docker.createVolume({ Name: `talk-cis-${process.pid}`, Labels: labels })
  extras.push(network, {
    remove: () => docker.getVolume(volume.name).remove(),
  })
  const names = {
    network: () => network.id,
    volume: () => volume.name,
  }
  const all = [
    ...await Promise.all(catalog.map(async d => ({ id: d.id, specs: await specsOf(d.steps) }))),
    ...[
      ...shellSessionsById.values(),
    ].map(s => ({
      id: s.id,
      specs: [s.container],
    })),
  ]

  const loosenedBy = new Map<string, string[]>()
  const wrong: string[] = []
  let inspected = 0
  for (const { id, specs } of all) {
    for (const spec of specs) {
      const container = await docker.createContainer(containerOptions(spec, labelsFor(id, 'cis-check'), names))
      made.push(container)
      const found = findings(await container.inspect())
      inspected++
      wrong.push(...found.wrong.map(w => `${id}: ${w}`))
      if (found.loosened.length) {
        loosenedBy.set(id, [
          ...new Set([
            ...loosenedBy.get(id) ?? [],
            ...found.loosened,
          ]),
        ].sort())
      }
    }
  }
  expect(inspected).toBeGreaterThan(catalog.length)
  expect(wrong).toEqual([])
  expect(Object.fromEntries(loosenedBy)).toEqual(Object.fromEntries(readmeTable()))
  await Promise.all(made.splice(0).map(c => c.remove({ force: true, v: true })))
  for (const x of extras.splice(0)) await x.remove()
  await expectNothingLeft()
})
