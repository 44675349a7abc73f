import type { Demo } from '../types'
import { dockerCreate, dockerLogs, dockerRm, dockerStart, dockerStop } from '../steps'
import { BUSYBOX } from '../images'

export const containers: Demo[] = [
  {
    id: 'lifecycle',
    title: 'A container\'s life: create, start, logs, stop, rm',
    images: [BUSYBOX],
    steps: [
      dockerCreate('clock', { image: BUSYBOX, cmd: ['sh', '-c', 'echo "started as PID $$"; trap "echo got SIGTERM, bye; exit 0" TERM; while true; do date +%T; sleep 1 & wait $!; done'] }),
      dockerStart('clock'),
      dockerLogs('clock', { forSec: 2.5 }),
      dockerStop('clock'),
      dockerLogs('clock'),
      dockerRm('clock'),
    ],
  },
]
