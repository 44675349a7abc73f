import type { ContainerSpec, Demo } from '../types'
import { BUILD_DEMO, BUSYBOX } from '../images'
import { curlPublished, dockerCreate, dockerPort, dockerRm, dockerRun, dockerRunDetached, dockerStart, networkCreate, networkRm } from '../steps'

/** BusyBox's httpd serving one page that names the container it runs in. */
function webServer(extra: Partial<ContainerSpec>): ContainerSpec {
  return {
    image: BUSYBOX,
    cmd: ['sh', '-c', 'mkdir -p /tmp/www && echo "hello from $(hostname)" > /tmp/www/index.html && exec httpd -f -v -p 8080 -h /tmp/www'],
    tmpfs: ['/tmp'],
    ...extra,
  }
}

export const networks: Demo[] = [
  {
    id: 'network-bridge',
    title: 'On the default bridge: an address behind docker0, but no DNS by name',
    images: [BUSYBOX],
    steps: [
      dockerCreate('web', webServer({ network: 'bridge' })),
      dockerStart('web'),
      // wget's error to stdout (2>&1): the lines arrive in the order they were written.
      dockerRun({
        image: BUSYBOX,
        network: 'bridge',
        cmd: ['sh', '-c', 'ip -4 addr show eth0 | grep inet; ip route; wget -q -O - http://web:8080/ 2>&1'],
      }),
      dockerRm('web', { force: true }),
    ],
  },
  {
    id: 'network-dns',
    title: 'The site on a user-defined network: published to the host, reached by name from a second container',
    images: [BUILD_DEMO, BUSYBOX],
    paced: true,
    steps: [
      networkCreate('talk-net'),
      // The site the Dockerfiles section built, as the server, published on a port the engine
      // picks (host port 0: two runs never clash); busybox as a client on the same network.
      dockerRunDetached('web', {
        image: BUILD_DEMO,
        network: 'talk-net',
        ports: { 8080: 0 },
      }),
      curlPublished('web', 8080),
      // curl has waited until httpd listens: one request by name is enough.
      dockerRun({
        image: BUSYBOX,
        network: 'talk-net',
        cmd: [
          'wget',
          '-q',
          '-O',
          '-',
          'http://web:8080/',
        ],
      }),
      dockerRm('web', { force: true }),
      networkRm('talk-net'),
    ],
  },
  {
    id: 'network-none',
    title: 'With --network none a container has only its loopback interface',
    images: [BUSYBOX],
    steps: [
      // An IP address, not a name: with no network there is no DNS either, and the point is the route.
      // wget's error to stdout (2>&1), as above.
      dockerRun({
        image: BUSYBOX,
        network: 'none',
        cmd: ['sh', '-c', 'ls /sys/class/net; ip -4 addr; wget -q -O - http://1.1.1.1/ 2>&1'],
      }),
    ],
  },
  {
    id: 'network-publish',
    title: 'Publishing a container port on the host\'s loopback',
    images: [BUSYBOX],
    steps: [
      networkCreate('talk-net'),
      // Host port 0: the engine picks a free one, so parallel runs of this demo never clash.
      dockerCreate('web', webServer({
        network: 'talk-net',
        ports: { 8080: 0 },
      })),
      dockerStart('web'),
      dockerPort('web', 8080),
      curlPublished('web', 8080),
      dockerRm('web', { force: true }),
      networkRm('talk-net'),
    ],
  },
]
