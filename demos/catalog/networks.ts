import type { Demo } from '../types'
import { dockerExec, dockerRm, dockerRun, dockerStart, dockerCreate, networkCreate, networkRm } from '../steps'
import { BUSYBOX } from '../images'

export const networks: Demo[] = [
  {
    id: 'network-dns',
    title: 'Two containers on a user-defined network reach each other by name',
    images: [BUSYBOX],
    steps: [
      networkCreate('talk-net'),
      dockerCreate('web', {
        image: BUSYBOX,
        network: 'talk-net',
        cmd: ['sh', '-c', 'mkdir -p /tmp/www && echo "hello from $(hostname)" > /tmp/www/index.html && exec httpd -f -v -p 8080 -h /tmp/www'],
        tmpfs: ['/tmp'],
      }),
      dockerStart('web'),
      dockerRun({ image: BUSYBOX, network: 'talk-net', cmd: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://web:8080/ && exit 0; sleep 0.2; done; exit 1'] }),
      dockerRm('web', { force: true }),
      networkRm('talk-net'),
    ],
  },
]
