// What the engine diagram (EngineFlow.vue) says: the processes from the docker CLI down to the
// container's process, and what each one uses to talk to the next.

export type NodeId = 'cli' | 'dockerd' | 'containerd' | 'shim' | 'runc' | 'proc'
export type EngineLink = 'socket' | 'grpc' | 'start' | 'runc' | 'exec'

export interface Node {
  id: NodeId
  title: string
  sub: string
  /** Sub line in monospace: a binary's name. */
  code?: boolean
  short: { title: string, sub: string }
  tone: string
  /** Runs only while the container is set up. */
  transient?: boolean
}
export interface Link {
  id: EngineLink
  from: NodeId
  to: NodeId
  label: string
  sub?: string
  /** Sub line in monospace: a path or a command. */
  code?: boolean
  short: { label: string, sub?: string }
}

export const nodes: Node[] = [
  {
    id: 'cli',
    title: 'docker CLI',
    sub: 'just a client',
    short: { title: 'docker', sub: 'REST client' },
    tone: '#3b82f6',
  },
  {
    id: 'dockerd',
    title: 'dockerd',
    sub: 'the API, images, networks',
    short: { title: 'dockerd', sub: 'Engine API' },
    tone: '#0ea5e9',
  },
  {
    id: 'containerd',
    title: 'containerd',
    sub: 'runs containers',
    short: { title: 'containerd', sub: 'lifecycle' },
    tone: '#14b8a6',
  },
  {
    id: 'shim',
    title: 'shim',
    sub: 'containerd-shim-runc-v2',
    code: true,
    short: { title: 'shim', sub: 'per container' },
    tone: '#22c55e',
  },
  {
    id: 'runc',
    title: 'runc',
    sub: 'sets up, execs, exits',
    short: { title: 'runc', sub: 'sets up, exits' },
    tone: '#f59e0b',
    transient: true,
  },
  {
    id: 'proc',
    title: 'your process',
    sub: 'PID 1 in its namespaces',
    short: { title: 'process', sub: 'PID 1 inside' },
    tone: '#a855f7',
  },
]
export const links: Link[] = [
  {
    id: 'socket',
    from: 'cli',
    to: 'dockerd',
    label: 'REST API',
    sub: '/var/run/docker.sock',
    code: true,
    short: { label: 'REST API', sub: '/var/run/docker.sock' },
  },
  {
    id: 'grpc',
    from: 'dockerd',
    to: 'containerd',
    label: 'gRPC',
    sub: 'containerd.sock',
    code: true,
    short: { label: 'gRPC', sub: 'containerd.sock' },
  },
  {
    id: 'start',
    from: 'containerd',
    to: 'shim',
    label: 'starts',
    sub: 'one per container',
    short: { label: 'starts' },
  },
  {
    id: 'runc',
    from: 'shim',
    to: 'runc',
    label: 'calls',
    sub: 'runc create, start',
    code: true,
    short: { label: 'calls' },
  },
  {
    id: 'exec',
    from: 'runc',
    to: 'proc',
    label: 'clone + exec',
    sub: 'namespaces, cgroups',
    short: { label: 'exec' },
  },
]
