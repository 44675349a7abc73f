import type { Demo, DemoStep } from '../types'
import { BUILD_DEMO, BUSYBOX, BY_HAND, LIMITS } from '../images'
import { containerPrune, dockerCreate, dockerExec, dockerInspect, dockerLogs, dockerPs, dockerRm, dockerRun, dockerRunDetached, dockerStart, dockerStop, dockerTop, dockerWait } from '../steps'

// New namespaces and mounting /proc need CAP_SYS_ADMIN, chroot needs CAP_SYS_CHROOT: nothing else.
// Where AppArmor confines containers, its docker-default profile denies mount whatever the
// capabilities: apparmor=unconfined lifts that profile, for this demo only.
function byHand(cmd: string[]): DemoStep {
  return dockerRun({
    image: BY_HAND,
    capAdd: ['SYS_ADMIN', 'SYS_CHROOT'],
    apparmor: 'unconfined',
    cmd,
  })
}

/** Namespaces: what a container's process can see. */
const namespaces: Demo[] = [
  {
    id: 'container-process',
    title: 'The site we built, running: a process on the host, PID 1 inside',
    images: [BUILD_DEMO],
    paced: true,
    steps: [
      dockerRunDetached('site', { image: BUILD_DEMO }),
      dockerTop('site'),
      dockerExec('site', ['ps', '-o', 'pid,user,args']),
      dockerRm('site', { force: true }),
    ],
  },
  {
    id: 'pid-namespace',
    title: 'PID namespace: the command is PID 1',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        cmd: ['ps'],
      }),
    ],
  },
  {
    id: 'uts-namespace',
    title: 'UTS namespace: a hostname of its own',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        cmd: ['hostname'],
      }),
      dockerRun({
        image: BUSYBOX,
        hostname: 'talk-box',
        cmd: ['hostname'],
      }),
    ],
  },
  {
    id: 'net-namespace',
    title: 'Network namespace: with --network none, only loopback',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        network: 'none',
        cmd: ['ip', 'addr'],
      }),
    ],
  },
  {
    id: 'mount-namespace',
    title: 'Mount namespace: the image is the whole root filesystem',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        cmd: ['sh', '-c', 'ls /; df -h /'],
      }),
    ],
  },
  {
    id: 'by-hand',
    title: 'A container by hand, one namespace per click: unshare, then chroot',
    images: [BY_HAND],
    paced: true,
    steps: [
      byHand(['sh', '-c', 'unshare -u sh -c "hostname by-hand; hostname"; hostname']),
      byHand([
        'unshare',
        '-p',
        '-f',
        '--mount-proc',
        'ps',
        '-o',
        'pid,comm',
      ]),
      byHand(['unshare', '-n', 'ip', 'link']),
      byHand(['chroot', '/rootfs', 'ls', '/']),
    ],
  },
]

/** cgroups: how much a container's processes may use. The scripts live in demos/images/limits/. */
const cgroups: Demo[] = [
  {
    id: 'oom-kill',
    title: 'A memory limit: the kernel kills the process that exceeds it',
    images: [LIMITS],
    steps: [
      dockerRun({
        image: LIMITS,
        memoryMb: 16,
        cmd: ['eat-memory'],
      }),
    ],
  },
  {
    id: 'fork-bomb',
    title: 'A pids limit contains a fork bomb',
    images: [LIMITS],
    // The script keeps the bomb's error messages in /tmp: a tmpfs, the root filesystem stays read-only.
    // Hundreds of processes write there at once and their pieces interleave: it reports the most common line.
    steps: [
      dockerRun({
        image: LIMITS,
        pids: 20,
        tmpfs: ['/tmp'],
        cmd: ['fork-bomb'],
      }),
    ],
  },
  {
    id: 'cpu-quota',
    title: 'A CPU quota throttles: 0.2 CPUs against 1',
    images: [LIMITS],
    steps: [
      dockerRun({
        image: LIMITS,
        cpus: 0.2,
        cmd: ['count-loops'],
      }),
      dockerRun({
        image: LIMITS,
        cpus: 1,
        cmd: ['count-loops'],
      }),
    ],
  },
]

/** Lifecycle: the states a container goes through, and what is left of it afterwards. */
const lifecycle: Demo[] = [
  {
    id: 'lifecycle',
    title: 'A container\'s life: create, start, logs, stop, rm',
    images: [BUSYBOX],
    steps: [
      dockerCreate('clock', {
        image: BUSYBOX,
        cmd: ['sh', '-c', 'echo "started as PID $$"; trap "echo got SIGTERM, bye; exit 0" TERM; while true; do date +%T; sleep 1 & wait $!; done'],
      }),
      dockerStart('clock'),
      dockerLogs('clock', { forSec: 2.5 }),
      dockerStop('clock'),
      dockerLogs('clock'),
      dockerRm('clock'),
    ],
  },
  {
    id: 'container-states',
    title: 'Created, running, exited: the state at each step',
    images: [BUSYBOX],
    steps: [
      dockerCreate('box', {
        image: BUSYBOX,
        cmd: ['sleep', '600'],
      }),
      dockerInspect('box'),
      dockerStart('box'),
      dockerInspect('box'),
      // `sleep` as PID 1 ignores SIGTERM: after the grace period, `docker stop` sends SIGKILL (137).
      dockerStop('box', 1),
      dockerInspect('box', ['State.Status', 'State.ExitCode']),
      dockerRm('box'),
    ],
  },
  {
    id: 'prune',
    title: 'docker container prune removes stopped containers',
    images: [BUSYBOX],
    steps: [
      dockerCreate('old', {
        image: BUSYBOX,
        cmd: ['echo', 'done'],
      }),
      dockerStart('old'),
      dockerWait('old'),
      dockerPs('prune'),
      containerPrune('prune'),
      dockerPs('prune'),
    ],
  },
  {
    id: 'container-ephemeral',
    title: 'A container\'s changes go with it',
    images: [BUSYBOX],
    steps: [
      // A writable root filesystem, as plain `docker run` gives: the change lands in the container's own layer.
      dockerRun({
        image: BUSYBOX,
        readOnly: false,
        cmd: ['sh', '-c', 'echo "my notes" > /notes.txt; cat /notes.txt'],
      }),
      dockerRun({
        image: BUSYBOX,
        readOnly: false,
        cmd: ['cat', '/notes.txt'],
      }),
    ],
  },
]

export const containers: Demo[] = [
  ...namespaces,
  ...cgroups,
  ...lifecycle,
]
