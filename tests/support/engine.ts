// Looks at the real engine the way a speaker would with `docker ps -a`.
import { Agent } from 'node:http'
import Docker from 'dockerode'
import { createDocker } from '../../server/engine'
import { DEMO_LABEL, INSTANCE_LABEL, LABEL, RUN_LABEL, instance } from '../../server/labels'

export const docker = createDocker()

/**
 * Label filter for the objects of one server instance (its TALK_INSTANCE; by default this
 * process's), or of one demo there.
 */
export function labelled(of: { instance?: string, demo?: string } = {}): string[] {
  return [`${LABEL}=true`, `${INSTANCE_LABEL}=${of.instance ?? instance}`, ...(of.demo ? [`${DEMO_LABEL}=${of.demo}`] : [])]
}

/**
 * The project's labelled objects on the engine (see `labelled` for `instance` and `demo`).
 * `exceptPrewarmed` leaves out containers created ahead of the next click (a window entering a
 * demo's slide prewarms one): they are not leftovers of a run, and the server removes them at
 * shutdown.
 */
export async function managedObjects(opts: { instance?: string, demo?: string, exceptPrewarmed?: boolean } = {}): Promise<{ containers: number, networks: number, volumes: number }> {
  const filters = JSON.stringify({ label: labelled(opts) })
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ])
  const counted = opts.exceptPrewarmed ? containers.filter(c => !c.Labels[RUN_LABEL]?.startsWith('prewarm-')) : containers
  return { containers: counted.length, networks: networks.length, volumes: volumes.Volumes?.length ?? 0 }
}

/**
 * An engine client of its own for a server under test (RuntimeOptions.docker): its connections
 * are not pooled, so every one still open is a request or stream (attach, logs, wait) in flight.
 */
export function countingDocker(): { docker: Docker, openConnections: () => number } {
  const agent = new Agent({ keepAlive: false })
  // docker-modem passes `agent` to every request; @types/dockerode does not list it.
  const options: Docker.DockerOptions & { agent: Agent } = { agent }
  return {
    docker: new Docker(options),
    openConnections: () => Object.values(agent.sockets).reduce((n, sockets) => n + (sockets?.length ?? 0), 0),
  }
}
