// Section 4, containers vs virtual machines: a container has no kernel of its own, and starting one
// is starting a process, not booting a machine.
import type { ContainerSpec, Demo, ExitInfo } from '../types'
import { BUSYBOX } from '../images'
import { custom, dockerRun } from '../steps'

const TRUE: ContainerSpec = {
  image: BUSYBOX,
  cmd: ['true'],
}
const STARTS = 3

export const vms: Demo[] = [
  {
    id: 'same-kernel',
    title: 'A container runs on the engine host\'s kernel',
    images: [BUSYBOX],
    steps: [
      // The engine's own report, not this machine's: on Docker Desktop the engine (and so every
      // container) runs in a Linux VM whose kernel differs from the laptop's.
      custom('docker info --format \'{{.KernelVersion}}\'', async (ctx) => {
        const info = await ctx.engineGet('/info') as { KernelVersion: string }
        ctx.print(`${info.KernelVersion}\n`)
      }),
      dockerRun({
        image: BUSYBOX,
        cmd: ['uname', '-r'],
      }),
    ],
  },
  {
    id: 'start-time',
    title: 'How long starting a container takes',
    images: [BUSYBOX],
    steps: [
      // Timed: create, start and wait until `true` has exited (the engine's whole job of running a
      // process in fresh namespaces and cgroups). Not timed: removing it, and the CLI's own startup.
      custom(`for i in $(seq ${STARTS}); do time docker run --rm ${BUSYBOX} true; done`, async (ctx) => {
        let last: ExitInfo | undefined
        for (let i = 1; i <= STARTS; i++) {
          const alias = `true-${i}`
          const t0 = performance.now()
          await ctx.create(alias, TRUE)
          await ctx.start(alias)
          last = await ctx.wait(alias)
          const ms = Math.round(performance.now() - t0)
          await ctx.rm(alias)
          ctx.print(`container ${i}: created, started, exited ${last.code} in ${ms} ms\n`)
        }
        return last
      }),
    ],
  },
]
