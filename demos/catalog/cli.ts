// The CLI section's everyday verbs that no other demo runs: version, pause and unpause (the cgroup
// freezer), stats, and start -a.
import type { Demo } from '../types'
import { BUSYBOX } from '../images'
import { custom, dockerCreate, dockerExec, dockerInspect, dockerLogs, dockerPause, dockerRm, dockerRunDetached, dockerStartAttach, dockerStats, dockerUnpause } from '../steps'

const VERSION_FORMAT = '{{range .Server.Components}}{{.Name}} {{.Version}}{{println}}{{end}}'

export const cli: Demo[] = [
  {
    id: 'cli-tour',
    title: 'version, pause and unpause, stats, exec, logs, start -a',
    paced: true,
    images: [BUSYBOX],
    steps: [
      custom(`docker version --format '${VERSION_FORMAT}'`, async (ctx) => {
        const version = await ctx.engineGet('/version') as { Components?: { Name: string, Version: string }[] }
        ctx.print((version.Components ?? []).map(c => `${c.Name} ${c.Version}\n`).join(''))
      }),
      dockerRunDetached('box', {
        image: BUSYBOX,
        cmd: ['sh', '-c', 'while true; do date +%T; sleep 1; done'],
      }),
      dockerPause('box'),
      dockerInspect('box'),
      dockerStats('box'),
      dockerUnpause('box'),
      dockerExec('box', ['ps', '-o', 'pid,stat,comm']),
      dockerLogs('box'),
      dockerRm('box', { force: true }),
      dockerCreate('once', {
        image: BUSYBOX,
        cmd: ['echo', 'hello from start -a'],
      }),
      dockerStartAttach('once'),
      dockerRm('once'),
    ],
  },
]
