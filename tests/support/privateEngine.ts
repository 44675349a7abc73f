import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
// A Docker engine of a test's own, for tests that stop the engine mid-run: the shared engine is
// never stopped. Everything it has lives under one temp dir (socket, data, exec root, pid file, and
// a containerd of its own), and it does no networking beyond a bridge of its own (no iptables, no
// masquerading), so it touches neither the host's network nor the shared engine's docker0.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import process from 'node:process'
import Docker from 'dockerode'

export interface PrivateEngine {
  /** For DOCKER_HOST: unix://<dir>/docker.sock */
  host: string
  /** The engine's own temp dir. */
  dir: string
  /** `dockerd` and its arguments for this engine (a test that has the project start the engine runs it). */
  dockerdCommand: string[]
  docker: Docker
  /** Sends dockerd the signal and resolves once it has exited (SIGKILL: as if it crashed). */
  stop: (signal?: NodeJS.Signals) => Promise<void>
  /** Starts dockerd again on the same dirs; resolves once it serves its API. */
  start: () => Promise<void>
  /** Freezes dockerd (SIGSTOP): its socket still accepts connections but nothing answers. */
  hang: () => void
  /** Lets a frozen dockerd go on (SIGCONT). */
  resume: () => void
  /** Stops all it started and removes its dir: safe after a failure, and more than once. */
  remove: () => Promise<void>
}

const READY_TIMEOUT_MS = 30_000

/**
 * `dockerd: false`: containerd only; the test has dockerdCommand started (and remove() stops it by
 * its pid file). `args`: more dockerd flags (e.g. --registry-mirror).
 */
export async function startPrivateEngine({ dockerd: startDockerd = true, args = [] }: { dockerd?: boolean, args?: string[] } = {}): Promise<PrivateEngine> {
  // Short: a unix socket path must fit in 108 bytes.
  const dir = await mkdtemp('/tmp/talk-engine-')
  const socket = join(dir, 'docker.sock')
  const containerdDir = join(dir, 'containerd')
  const containerdSocket = join(containerdDir, 'containerd.sock')
  await mkdir(containerdDir)
  // containerd runs apart from dockerd, as on a systemd host: a dockerd that dies leaves it (and
  // the shims of running containers) up, and a restarted dockerd finds them there. Started by
  // dockerd, it would die with it, and a restart racing its death would fail.
  await writeFile(join(containerdDir, 'config.toml'), [
    'version = 2',
    `root = "${containerdDir}/root"`,
    `state = "${containerdDir}/state"`,
    'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
    '[grpc]',
    `  address = "${containerdSocket}"`,
    '',
  ].join('\n'))
  await writeFile(join(dir, 'daemon.json'), '{}\n') // not the host's /etc/docker/daemon.json
  // A bridge of its own: dockerd started with `--bridge=none` deletes the host's docker0, the
  // shared engine's default network. An existing bridge with its address is used as it is.
  const bridge = `talk${dir.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, '0')}`
  const ip = (...args: string[]): void => {
    const r = spawnSync('ip', args, { encoding: 'utf8' })
    if (r.status !== 0)
      throw new Error(`ip ${args.join(' ')}: ${r.stderr}`)
  }
  ip('link', 'add', bridge, 'type', 'bridge')
  ip('addr', 'add', `10.213.${Math.floor(Math.random() * 250) + 1}.1/24`, 'dev', bridge)
  const dockerdArgs = [
    '--host',
    `unix://${socket}`,
    '--data-root',
    join(dir, 'data'),
    '--exec-root',
    join(dir, 'exec'),
    '--pidfile',
    join(dir, 'docker.pid'),
    '--config-file',
    join(dir, 'daemon.json'),
    '--containerd',
    containerdSocket,
    `--bridge=${bridge}`,
    '--iptables=false',
    '--ip6tables=false',
    '--ip-masq=false',
    ...args,
  ]
  let containerd: ChildProcess | undefined
  let dockerd: ChildProcess | undefined

  const start = async (): Promise<void> => {
    dockerd = await launch('dockerd', dockerdArgs, `API listen on ${socket}`)
  }

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const child = dockerd
    dockerd = undefined
    if (child)
      await end(child, signal)
  }

  const hang = (): void => {
    dockerd?.kill('SIGSTOP')
  }
  const resume = (): void => {
    dockerd?.kill('SIGCONT')
  }

  let removed = false
  const remove = async (): Promise<void> => {
    if (removed)
      return
    removed = true
    resume()
    // A dockerd started by someone else (the project's setup) ends by its pid file, cleanly.
    const adopted = dockerd
      ? undefined
      : Number(await readFile(join(dir, 'docker.pid'), 'utf8').catch(() => ''))
    if (adopted)
      await endPid(adopted, 20_000)
    // Only a running dockerd stops its containers cleanly (a restarted one kills what its killed
    // predecessor left running).
    if (!dockerd && !adopted && containerd && alive(containerd))
      await start().catch(() => {})
    if (dockerd)
      await end(dockerd, 'SIGTERM', 20_000)
    if (containerd)
      await end(containerd, 'SIGTERM', 10_000)
    // An engine that was killed and restarted can lose track of a running container: its
    // processes (found by their cgroup, named after the container) and its shim (by our dir in
    // its command line) would outlive the engine.
    const shims = await processesUsing(dir)
    const ids = [
      ...new Set([
        ...await readdir(join(dir, 'data', 'containers')).catch(() => [] as string[]),
        ...shims.flatMap(p => p.args.includes('-id')
          ? [p.args[p.args.indexOf('-id') + 1]!]
          : []),
      ]),
    ]
    for (const pid of [
      ...await processesIn(ids),
      ...shims.map(p => p.pid),
    ]) {
      try {
        process.kill(pid, 'SIGKILL')
      }
      catch {} // already gone
    }
    for (const controller of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
      for (const id of ids) await rmdir(join('/sys/fs/cgroup', controller, 'docker', id)).catch(() => {})
    }
    // The data root and container filesystems are mounts; deepest first.
    for (const mount of (await mountsUnder(dir)).reverse()) spawnSync('umount', ['-l', mount])
    await rm(dir, { recursive: true, force: true })
    spawnSync('ip', ['link', 'delete', bridge])
  }

  try {
    containerd = await launch('containerd', [
      '--config',
      join(containerdDir, 'config.toml'),
    ], 'containerd successfully booted')
    if (startDockerd)
      await start()
  }
  catch (err) {
    await remove()
    throw err
  }
  return {
    host: `unix://${socket}`,
    dir,
    dockerdCommand: ['dockerd', ...dockerdArgs],
    docker: new Docker({ socketPath: socket }),
    stop,
    start,
    hang,
    resume,
    remove,
  }
}

/** Starts a daemon and resolves once its log (stderr) says it is ready. */
async function launch(command: string, args: string[], readyLine: string): Promise<ChildProcess> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`private ${command} not ready within ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS)
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes(readyLine)) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`private ${command} exited (${code}) before it was ready:\n${output}`))
    })
  })
  return child
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null
}

/** Signals the process and resolves once it has exited; past `killAfterMs`, kills it. */
async function end(child: ChildProcess, signal: NodeJS.Signals, killAfterMs?: number): Promise<void> {
  if (!alive(child))
    return
  const exited = once(child, 'exit')
  child.kill(signal)
  const timer = killAfterMs
    ? setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    : undefined
  await exited
  clearTimeout(timer)
}

/** SIGTERM to a process that is not our child, then waits (by polling /proc) until it is gone; past `killAfterMs`, kills it. */
async function endPid(pid: number, killAfterMs: number): Promise<void> {
  const gone = (): boolean => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z')
    }
    catch { return true }
  }
  try {
    process.kill(pid, 'SIGTERM')
  }
  catch { return }
  const killAt = Date.now() + killAfterMs
  while (!gone()) {
    if (Date.now() > killAt)
      process.kill(pid, 'SIGKILL')
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

async function processesIn(containerIds: string[]): Promise<number[]> {
  if (containerIds.length === 0)
    return []
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry))
      continue
    const cgroup = await readFile(`/proc/${entry}/cgroup`, 'utf8').catch(() => '')
    if (containerIds.some(id => cgroup.includes(`/docker/${id}`)))
      pids.push(Number(entry))
  }
  return pids
}

async function processesUsing(dir: string): Promise<{ pid: number, args: string[] }[]> {
  const found: { pid: number, args: string[] }[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid)
      continue
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0')
    if (args.some(arg => arg.startsWith(`${dir}/`))) {
      found.push({
        pid: Number(entry),
        args,
      })
    }
  }
  return found
}

async function mountsUnder(dir: string): Promise<string[]> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8')
  return mountinfo.split('\n').map(line => line.split(' ')[4] ?? '').filter(point => point === dir || point.startsWith(`${dir}/`))
}
