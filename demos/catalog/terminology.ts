// Section 2, "Basic terminology": one short demo per term, each proving one point on its slide.
import type { ContainerSpec, Demo } from '../types'
import { BUSYBOX, HELLO_C } from '../images'
import { custom, dockerExec, dockerRm, dockerRun, dockerRunDetached } from '../steps'

// Docker >= 20.10 sets this to 0 in every container with its own network namespace, so any user
// may bind any port there.
// Setting it back to the kernel's default shows the classic rule the slide is about.
const CLASSIC_PORTS = { 'net.ipv4.ip_unprivileged_port_start': '1024' }
const BIND_80 = ['sh', '-c', 'httpd -p 80 && echo "listening on :80"']
// The server drops every capability anyway; shown so the line means the same to a plain `docker run`.
const DROP_ALL = ['--cap-drop', 'ALL']

// Namespace inode numbers are reused once a namespace is gone: the two containers must be alive
// at the same time for their numbers to say anything.
const LIST_NAMESPACES = ['sh', '-c', 'cd /proc/self/ns; for n in mnt net pid user uts; do readlink $n; done']

// Root in both runs; only the capability set differs. /tmp is a tmpfs: the root filesystem is read-only.
const CHOWN_AS_ROOT: ContainerSpec = {
  image: BUSYBOX,
  tmpfs: ['/tmp'],
  showFlags: DROP_ALL,
  cmd: ['sh', '-c', 'grep CapEff /proc/self/status; touch /tmp/f && chown 1000 /tmp/f && ls -n /tmp/f'],
}

const NEW_USER_NAMESPACE = ['sh', '-c', 'grep Seccomp: /proc/self/status; unshare -U true && echo "new user namespace"']

// Who the process is, and how its UIDs map to the host's (`0 0 4294967295`: one to one, no user namespace).
const WHO_AM_I = ['sh', '-c', 'id; cat /proc/self/uid_map']

// The engine's REST API answer, cut to the fields that fit a slide, in jq's own layout.
const VERSION_FIELDS = [
  'Version',
  'ApiVersion',
  'Os',
  'Arch',
  'KernelVersion',
] as const

export const terminology: Demo[] = [
  {
    id: 'ports',
    title: 'With the kernel\'s default sysctl, ports below 1024 need CAP_NET_BIND_SERVICE',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        user: '1000',
        sysctls: CLASSIC_PORTS,
        cmd: BIND_80,
      }),
      dockerRun({
        image: BUSYBOX,
        sysctls: CLASSIC_PORTS,
        showFlags: DROP_ALL,
        cmd: BIND_80,
      }),
      dockerRun({
        image: BUSYBOX,
        sysctls: CLASSIC_PORTS,
        showFlags: DROP_ALL,
        capAdd: ['NET_BIND_SERVICE'],
        cmd: BIND_80,
      }),
    ],
  },
  {
    id: 'linking',
    title: 'FROM scratch: a static binary runs, a dynamic one finds no loader',
    images: [HELLO_C],
    steps: [
      dockerRun({
        image: HELLO_C,
        cmd: ['/hello-static'],
      }),
      // The kernel cannot open the ELF interpreter the binary names; runc reports that as the
      // container's own error output and exit status, so the run ends normally and shows it.
      dockerRun({
        image: HELLO_C,
        cmd: ['/hello-dynamic'],
      }),
    ],
  },
  {
    id: 'namespaces',
    title: 'Each container gets its own namespaces',
    images: [BUSYBOX],
    steps: [
      dockerRunDetached('first', {
        image: BUSYBOX,
        cmd: ['sleep', '60'],
      }),
      dockerExec('first', LIST_NAMESPACES),
      dockerRun({ image: BUSYBOX, cmd: LIST_NAMESPACES }),
      dockerRm('first', { force: true }),
    ],
  },
  {
    id: 'cgroups',
    title: 'A container reads its own limits from the cgroup filesystem',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        memoryMb: 32,
        pids: 20,
        cpus: 0.5,
        // cgroup v2 (current Linux, Docker Desktop) first, then the v1 layout (older hosts).
        cmd: ['sh', '-c', 'cd /sys/fs/cgroup && grep . memory.max pids.max cpu.max 2>/dev/null || grep . memory/memory.limit_in_bytes pids/pids.max cpu/cpu.cfs_quota_us'],
      }),
    ],
  },
  {
    id: 'capabilities',
    title: 'Root split into pieces: CAP_CHOWN',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        ...CHOWN_AS_ROOT,
        capAdd: ['CHOWN'],
      }),
      dockerRun({ ...CHOWN_AS_ROOT }),
    ],
  },
  {
    id: 'seccomp',
    title: 'The seccomp filter refuses a system call the kernel would allow',
    images: [BUSYBOX],
    // Creating a user namespace needs no privilege at all, so with every capability dropped in both
    // containers the filter is the only difference between them.
    steps: [
      dockerRun({ image: BUSYBOX, cmd: NEW_USER_NAMESPACE }),
      dockerRun({ image: BUSYBOX, seccomp: 'unconfined', cmd: NEW_USER_NAMESPACE }),
    ],
  },
  {
    id: 'proc',
    title: '/proc shows only the container\'s own processes',
    images: [BUSYBOX],
    steps: [
      dockerRun({
        image: BUSYBOX,
        cmd: ['sh', '-c', 'ps -o pid,comm; ls -d /proc/[0-9]*'],
      }),
    ],
  },
  {
    id: 'engine-api',
    title: 'The Docker socket is a REST API',
    images: [],
    steps: [
      custom(`curl -s --unix-socket /var/run/docker.sock http://localhost/version | jq '{${VERSION_FIELDS.join(', ')}}'`, async (ctx) => {
        const version = await ctx.engineGet('/version') as Record<string, unknown>
        const shown = Object.fromEntries(VERSION_FIELDS.map(k => [k, version[k]]))
        ctx.print(`${JSON.stringify(shown, null, 2)}\n`)
      }),
    ],
  },
  {
    id: 'uid',
    title: 'Root in a container is UID 0 on the host',
    images: [BUSYBOX],
    steps: [
      dockerRun({ image: BUSYBOX, cmd: WHO_AM_I }),
      dockerRun({ image: BUSYBOX, user: '1000', cmd: WHO_AM_I }),
    ],
  },
]
