import type { ContainerSpec } from '../../demos/types'
// "The line on the slide is the one that runs": each demo container's CLI line, with the safety
// flags the slide sets apart, pasted into a shell (`docker run` → `docker create`, so it stays to be
// inspected), makes a container configured exactly as the one the server creates for the demo.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { catalog } from '../../demos/catalog'
import { shellQuote } from '../../demos/cli-line'
import { containerOptions } from '../../demos/hardening'
import { labelsFor } from '../../shared/labels'
import { PROJECT_ROOT } from '../../shared/paths'
import { docker, expectNothingLeft } from '../support/engine'

const sh = promisify(execFile)

afterEach(async () => {
  await expectNothingLeft()
})

// Volumes and user-defined networks of a demo are created per run under names of their own: a
// pasted line names the alias, so those steps are left out here (their flags are checked as text).
function runScoped(spec: ContainerSpec): boolean {
  return Boolean(spec.volumes) || (spec.network !== undefined && !['none', 'bridge'].includes(spec.network))
}
const cases = [
  ...new Map(catalog.flatMap(demo => demo.steps
    .filter(step => step.container && !runScoped(step.container))
    .map(step => [
      step.cli,
      {
        demo: demo.id,
        cli: step.cli,
        safety: step.safety ?? [],
        spec: step.container!,
      },
    ] as const))).values(),
]

/** What decides how a container runs, from `docker inspect`, in one comparable form. */
function configuration(inspect: Awaited<ReturnType<ReturnType<typeof docker.getContainer>['inspect']>>, spec: ContainerSpec): unknown {
  const c = inspect.Config
  const h = inspect.HostConfig
  const caps = (list: string[] | null | undefined): string[] => [
    ...list ?? [],
  ].map(cap => cap.replace(/^CAP_/, '')).sort()
  const binds = [
    ...(h.Binds ?? []),
    ...(h.Mounts ?? []).map(m => `${m.Source}:${m.Target}${m.ReadOnly ? ':ro' : ''}`),
  ].sort()
  return {
    image: c.Image,
    cmd: c.Cmd,
    user: c.User,
    workdir: c.WorkingDir,
    env: [
      ...c.Env ?? [],
    ].sort(),
    // Without --hostname both get their own container ID.
    hostname: spec.hostname ? c.Hostname : 'own ID',
    exposed: Object.keys(c.ExposedPorts ?? {}).sort(),
    privileged: h.Privileged,
    capAdd: caps(h.CapAdd),
    capDrop: caps(h.CapDrop),
    securityOpt: [
      ...h.SecurityOpt ?? [],
    ].sort(),
    readOnly: h.ReadonlyRootfs,
    tmpfs: h.Tmpfs ?? {},
    memory: h.Memory,
    memorySwap: h.MemorySwap,
    pids: h.PidsLimit,
    nanoCpus: h.NanoCpus,
    network: h.NetworkMode,
    sysctls: h.Sysctls ?? {},
    ports: h.PortBindings ?? {},
    binds,
  }
}

/** The slide's line as a shell gets it: `docker create`, the safety flags added after the verb. */
function pasted(cli: string, safety: string[]): string {
  if (!cli.startsWith('docker run '))
    throw new Error(`not a docker run line: ${cli}`)
  const labels = Object.entries(labelsFor('cli-equivalence', 'pasted')).flatMap(([k, v]) => ['--label', `${k}=${v}`])
  // `-v ./dir` needs Docker 23; this machine's CLI may be older, so the path is made absolute (the slide says so).
  const line = cli.replaceAll(' -v ./', ` -v ${PROJECT_ROOT}/`)
  return `docker create ${[
    ...labels,
    ...safety,
  ].map(shellQuote).join(' ')} ${line.slice('docker run '.length)}`
}

describe('every demo container\'s CLI line, pasted, makes the container the server makes', () => {
  it('covers the demos\' docker run lines', () => {
    expect(cases.length).toBeGreaterThan(30)
  })

  it.each(cases)('$demo: $cli', async ({ cli, safety, spec }) => {
    const ids: string[] = []
    try {
      const { stdout } = await sh('sh', [
        '-c',
        pasted(cli, safety),
      ])
      ids.push(stdout.trim())
      const created = await docker.createContainer(containerOptions(spec, labelsFor('cli-equivalence', 'server'), {
        volume: v => v,
        network: n => n,
      }))
      ids.push(created.id)
      const [fromShell, fromServer] = await Promise.all(ids.map(id => docker.getContainer(id).inspect()))
      expect(configuration(fromShell!, spec)).toEqual(configuration(fromServer!, spec))
    }
    finally {
      await Promise.all(ids.map(id => docker.getContainer(id).remove({ force: true })))
    }
  })
})
