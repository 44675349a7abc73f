// Section 14, how the engine works: the CLI is a client of dockerd's REST API on a Unix socket.
import type { Demo } from '../types'
import { custom } from '../steps'

/** The fields of GET /info that say what the engine runs on and how it runs containers. */
const FIELDS = [
  'OperatingSystem',
  'KernelVersion',
  'CgroupDriver',
  'CgroupVersion',
  'DefaultRuntime',
] as const

interface Info extends Record<(typeof FIELDS)[number], string> { Runtimes: Record<string, unknown> }

export const engine: Demo[] = [
  {
    id: 'engine-info',
    title: 'Ask dockerd about itself over its socket',
    images: [],
    steps: [
      custom(`curl -s --unix-socket /var/run/docker.sock localhost/info | jq '{${FIELDS.join(', ')}, Runtimes: .Runtimes | keys}'`, async (ctx) => {
        const info = await ctx.engineGet('/info') as Info
        const picked = {
          ...Object.fromEntries(FIELDS.map(f => [f, info[f]])),
          Runtimes: Object.keys(info.Runtimes).sort(),
        }
        // Indented as jq prints it.
        ctx.print(`${JSON.stringify(picked, null, 2)}\n`)
      }),
    ],
  },
]
