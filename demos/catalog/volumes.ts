import type { Demo } from '../types'
import { BUILD_DEMO, BUSYBOX } from '../images'
import { dockerCreate, dockerRm, dockerRun, dockerStart, volumeCreate, volumeRm } from '../steps'

export const volumes: Demo[] = [
  {
    id: 'volume-outlives',
    title: 'The site keeps its notes in a named volume, which outlives the container',
    images: [BUILD_DEMO],
    paced: true,
    // www/notes is owned by the site's user in the image: the engine copies that owner (and any
    // files) into the empty volume when it is first mounted there.
    steps: [
      volumeCreate('notes'),
      dockerRun({
        image: BUILD_DEMO,
        volumes: { notes: '/srv/www/notes' },
        cmd: ['sh', '-c', 'echo "written by $(hostname)" > www/notes/note.txt; ls -ln www/notes'],
      }),
      dockerRun({
        image: BUILD_DEMO,
        volumes: { notes: '/srv/www/notes' },
        cmd: ['cat', 'www/notes/note.txt'],
      }),
      volumeRm('notes'),
    ],
  },
  {
    id: 'volume-shared',
    title: 'Two containers share one volume: one writes while the other reads',
    images: [BUSYBOX],
    steps: [
      volumeCreate('shared'),
      dockerCreate('writer', {
        image: BUSYBOX,
        volumes: { shared: '/data' },
        cmd: ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo "line $i at $(date +%T)" >> /data/log; sleep 0.5; done; echo done >> /data/log'],
      }),
      dockerStart('writer'),
      // `tail -f` that stops at the writer's last line: `read` picks up each line as it is appended.
      dockerRun({
        image: BUSYBOX,
        volumes: { shared: '/data' },
        cmd: ['sh', '-c', 'until [ -f /data/log ]; do sleep 0.1; done; while [ "$line" != done ]; do read -r line && echo "reader got: $line" || sleep 0.1; done < /data/log'],
      }),
      dockerRm('writer'),
      volumeRm('shared'),
    ],
  },
  {
    id: 'bind-mount',
    title: 'A read-only bind mount: the host\'s own files inside the container',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        binds: { './demos/images/build-demo': '/site' },
        cmd: ['sh', '-c', 'ls /site; head -n 2 /site/index.html; touch /site/new.txt'],
      }),
    ],
  },
]
