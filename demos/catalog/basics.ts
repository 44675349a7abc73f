import type { Demo } from '../types'
import { BUSYBOX } from '../images'
import { dockerRun } from '../steps'

export const basics: Demo[] = [
  {
    id: 'hello',
    title: 'Hello from a container',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        cmd: ['sh', '-c', 'echo hi there; hostname; ps'],
      }),
    ],
  },
  {
    id: 'ticker',
    title: 'A process that runs until it is stopped',
    images: [BUSYBOX],
    timeoutSec: 20,
    recording: { stopAfterSec: 3 },
    steps: [
      dockerRun({
        image: BUSYBOX,
        cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done'],
      }),
    ],
  },
  {
    id: 'runaway',
    title: 'A runaway container is stopped by its time limit',
    images: [BUSYBOX],
    timeoutSec: 3,
    steps: [
      dockerRun({
        image: BUSYBOX,
        cmd: ['sh', '-c', 'echo "I will never stop on my own"; while true; do sleep 1; done'],
      }),
    ],
  },
]
