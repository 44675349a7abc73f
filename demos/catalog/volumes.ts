import type { Demo } from '../types'
import { dockerRun, volumeCreate, volumeRm } from '../steps'
import { BUSYBOX } from '../images'

export const volumes: Demo[] = [
  {
    id: 'volume-outlives',
    title: 'A named volume outlives its container',
    images: [BUSYBOX],
    steps: [
      volumeCreate('notes'),
      dockerRun({ image: BUSYBOX, volumes: { notes: '/data' }, cmd: ['sh', '-c', 'echo "written by $(hostname)" > /data/note.txt; ls -l /data'] }),
      dockerRun({ image: BUSYBOX, volumes: { notes: '/data' }, cmd: ['cat', '/data/note.txt'] }),
      volumeRm('notes'),
    ],
  },
]
