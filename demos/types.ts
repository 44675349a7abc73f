// What a demo may declare. The server runs only these declarations, chosen by id:
// nothing a browser sends becomes a command, an image, a mount or a flag.

/** A container as a demo declares it. Anything left out gets the server's hardened default. */
export interface ContainerSpec {
  image: string
  cmd?: string[]
  /** Network alias: other containers on the same network reach it by this name. */
  name?: string
  user?: string
  workdir?: string
  env?: Record<string, string>
  hostname?: string
  /** Default `none`. A network alias of the same demo run, or `bridge`. */
  network?: string
  /** Named volumes of the same demo run, mounted at a path: `{ notes: '/data' }`. */
  volumes?: Record<string, string>
  /**
   * Read-only bind mounts of folders inside this project: `./`-relative path -> container path,
   * e.g. `{ './demos/images/build-demo': '/site' }`. Never writable, never outside the project.
   */
  binds?: Record<string, string>
  /**
   * Loopback-only port publishing: container port -> host port. Host port 0 lets the engine pick
   * a free one (`-p 127.0.0.1::8080`), so two runs of one demo can never clash over a port.
   */
  ports?: Record<number, number>
  /** Capabilities added back after `--cap-drop ALL`. */
  capAdd?: string[]
  /** Namespaced kernel settings, as `--sysctl`: `{ 'net.ipv4.ip_unprivileged_port_start': '1024' }`. */
  sysctls?: Record<string, string>
  /** `unconfined` turns off the engine's default seccomp filter, to show what that filter blocks. */
  seccomp?: 'unconfined'
  /**
   * `unconfined` runs without the engine's AppArmor profile (docker-default), which denies mount
   * whatever the capabilities. Only where AppArmor confines containers (Ubuntu, Debian with the
   * apparmor package) does it change anything; elsewhere the engine has no profile to apply.
   */
  apparmor?: 'unconfined'
  /** Default true. */
  readOnly?: boolean
  /**
   * Writable tmpfs mounts, for read-only root filesystems. Mounted `noexec` unless the entry says
   * `:exec` (`/work:exec`), as with `docker run --tmpfs`.
   */
  tmpfs?: string[]
  memoryMb?: number
  pids?: number
  cpus?: number
  /**
   * Extra `docker run` flags shown on the slide that the spec already implies
   * (e.g. `--cap-drop ALL`), so the CLI line tells the truth about what the demo shows.
   */
  showFlags?: string[]
}

/** Fields `docker image inspect --format '{{.Field}}'` may print in a demo. */
export type ImageField = 'Id' | 'RepoTags' | 'RepoDigests' | 'Size' | 'Config.Entrypoint' | 'Config.Cmd' | 'Config.Env' | 'Config.WorkingDir' | 'Config.User'

export interface LogOptions { follow?: boolean, forSec?: number }

export interface ExitInfo { code: number, oomKilled: boolean }

/** What a step may do: each call acts on the engine for this run only, labelled and cleaned up. */
export interface StepContext {
  /** `docker run --rm`: create, attach, start, stream output, wait, remove. */
  run: (spec: ContainerSpec) => Promise<ExitInfo>
  create: (alias: string, spec: ContainerSpec) => Promise<void>
  start: (alias: string) => Promise<void>
  /** The container's logs as they are now, or followed until it exits or `forSec` passes. */
  logs: (alias: string, opts?: LogOptions) => Promise<void>
  wait: (alias: string) => Promise<ExitInfo>
  stop: (alias: string, timeoutSec?: number) => Promise<void>
  rm: (alias: string) => Promise<void>
  exec: (alias: string, cmd: string[]) => Promise<ExitInfo>
  /** `docker pause` / `unpause`: the cgroup freezer stops and resumes every process of the container. */
  pause: (alias: string) => Promise<void>
  unpause: (alias: string) => Promise<void>
  /** `docker stats --no-stream` of one container: CPU, memory against its limit, PIDs. */
  stats: (alias: string) => Promise<void>
  /**
   * `docker top`: the container's processes as the host sees them (host PIDs, host UIDs), listed
   * by the host's `ps` with these options (`-o pid,ppid,user,args`).
   */
  top: (alias: string, psArgs: string) => Promise<void>
  /** `docker inspect --format`: prints these fields of the container (e.g. `State.Status`) as a Go template does. */
  inspect: (alias: string, fields: string[]) => Promise<void>
  /** `docker ps -a --format 'table {{.Names}}\t{{.Status}}'`, narrowed to this run's containers. */
  ps: () => Promise<void>
  /** `docker container prune --force`, narrowed to this run's stopped containers; prints what it deleted. */
  containerPrune: () => Promise<void>
  volumeCreate: (alias: string) => Promise<void>
  volumeRm: (alias: string) => Promise<void>
  networkCreate: (alias: string) => Promise<void>
  networkRm: (alias: string) => Promise<void>
  /** `docker port`: prints and returns the host address (`127.0.0.1:32768`) a container port is published on. */
  port: (alias: string, containerPort: number) => Promise<string>
  /**
   * An HTTP GET from the host side, as `curl` on the speaker's machine would do, to the host port
   * a container published; prints the body. A non-2xx status ends the step with curl's code 22.
   */
  httpGet: (alias: string, containerPort: number, path: string) => Promise<ExitInfo>
  /** A GET on the engine's REST API, as `curl --unix-socket /var/run/docker.sock` would do. */
  engineGet: (path: string) => Promise<unknown>
  /**
   * `docker build` of an image declared in demos/images.ts, streaming each step as a `build`
   * event. `noCache` rebuilds every step, so the progress is visible on every run.
   */
  build: (image: string, opts?: { noCache?: boolean }) => Promise<void>
  /** `docker history`: the image's layers, newest first, each with the instruction that made it and its size. */
  history: (image: string) => Promise<void>
  /** `docker image inspect --format`: prints these fields of the image as a Go template does, space-separated. */
  inspectImage: (image: string, fields: ImageField[]) => Promise<void>
  /** `docker diff`: what the container changed in its writable layer (A added, C changed, D deleted). */
  diff: (alias: string) => Promise<void>
  /** `docker tag`: a second name for an image. Only tags declared in demos/images.ts; removed after the run. */
  tag: (source: string, target: string) => Promise<void>
  /** `docker rmi` of a tag this run made: the name goes, the image stays under its other names. */
  untag: (target: string) => Promise<void>
  /**
   * The registry demo (server/runs/transfer.ts), on names `127.0.0.1:<port>/demo/…` of a registry
   * this run publishes: `docker tag`, `push`, `pull`, `rmi`, `images --digests`, and the repo
   * digest `docker inspect` would give. Every name made is removed after the run.
   */
  registryTag: (source: string, ref: string) => Promise<void>
  push: (ref: string) => Promise<void>
  pull: (ref: string) => Promise<void>
  rmi: (ref: string) => Promise<void>
  imagesDigests: (repo: string) => Promise<void>
  repoDigest: (ref: string) => Promise<string>
  /** Shell variables of this run (`REG=$(…)` on one line, `$REG` on the next). */
  vars: Map<string, string>
  /** Text the step prints itself, e.g. a summary of what an API call returned. */
  print: (text: string) => void
  /** Aborted when the run is stopped or hits its time limit. */
  signal: AbortSignal
}

export interface DemoStep {
  /** The equivalent docker CLI line shown on the slide. */
  cli: string
  /**
   * On steps that make a container: the safety flags the server adds that `cli` does not show
   * (demos/hardening.ts safetyFlags). The slide shows them set apart.
   */
  safety?: string[]
  run: (ctx: StepContext) => Promise<ExitInfo | void>
  /** Set on `docker run` steps: the server may create this container ahead of the click. */
  container?: ContainerSpec
}

export interface Demo {
  id: string
  title: string
  steps: DemoStep[]
  /** Images the demo needs, built by `npm run demos:prepare`. */
  images: string[]
  /**
   * The speaker runs one step per click (or `r` / → in the presenter window) instead of all at once:
   * for demos whose steps each need their output read and explained. "Run all" still runs them
   * back to back, for rehearsal and recording.
   */
  paced?: boolean
  /** Wall-clock limit for the whole run; the server stops it after this. Default 30. */
  timeoutSec?: number
  /**
   * How `npm run record` records it (demos/recordings/<id>.json, replayed when no engine answers
   * and printed in the PDF). `stopAfterSec` stops a demo that runs until stopped; `false` opts a
   * demo out (it then has no offline replay and prints no output).
   */
  recording?: false | { stopAfterSec?: number }
}

/**
 * An interactive shell on a slide (<ContainerTerminal id>): the container it runs in and the shell
 * started in it with a TTY. One session per id, shared by every window that shows the slide.
 */
export interface ShellDef {
  id: string
  title: string
  /** The container the shell lives in; its own process only keeps it alive. */
  container: ContainerSpec
  /** The command `docker exec -it` starts; the session ends when it exits. */
  shell: string[]
  /**
   * Where the shell starts (`docker exec -w`). Not the container's workdir: the engine would
   * create that directory root-owned over a tmpfs mounted at the same path.
   */
  workdir?: string
  /** Ends the session after this long without input or output. Default 300. */
  idleTimeoutSec?: number
  /** Typed one line at a time, each after the prompt, by `npm run record`: the recorded session. */
  recordScript?: string[]
}
