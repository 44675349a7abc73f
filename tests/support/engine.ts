import type { ManagedCount, ManagedQuery } from '../../server/engine/cleanup'
// Looks at the real engine the way a speaker would with `docker ps -a`.
import { Agent } from 'node:http'
import Docker from 'dockerode'
import { expect } from 'vitest'
import { countManaged } from '../../server/engine/cleanup'
import { createDocker } from '../../server/engine/client'
import { DEMO_LABEL, isPrewarmRunId, labelConditions, RUN_LABEL } from '../../shared/labels'

export const docker = createDocker()

/** The project's labelled objects on the engine (server/engine/cleanup.ts `countManaged`). */
export function managedObjects(opts: ManagedQuery = {}): Promise<ManagedCount> {
  return countManaged(docker, opts)
}

/** No container, network or volume of the project (or of `opts`' instance or demo) is left on the engine. */
export async function expectNothingLeft(opts: ManagedQuery = {}): Promise<void> {
  expect(await managedObjects(opts)).toEqual({ containers: 0, networks: 0, volumes: 0 })
}

/** Containers created ahead of a click (prewarmed) by one server instance. */
export async function prewarmedContainers(instance: string): Promise<{ name: string, demo: string }[]> {
  const list = await docker.listContainers({
    all: true,
    filters: JSON.stringify({
      label: labelConditions({ instance }),
    }),
  })
  return list.filter(c => isPrewarmRunId(c.Labels[RUN_LABEL])).map(c => ({ name: c.Names[0]!, demo: c.Labels[DEMO_LABEL]! }))
}

/**
 * An engine client of its own for a server under test (RuntimeOptions.docker): its connections
 * are not pooled, so every one still open is a request or stream (attach, logs, wait) in flight,
 * and every one made is one call to the engine's API.
 */
export function countingDocker(): { docker: Docker, openConnections: () => number, calls: () => number } {
  const agent = new Agent({ keepAlive: false })
  let calls = 0
  const connect = agent.createConnection.bind(agent) as (...args: unknown[]) => unknown
  agent.createConnection = ((...args: unknown[]) => {
    calls++
    return connect(...args)
  }) as typeof agent.createConnection
  // docker-modem passes `agent` to every request; @types/dockerode does not list it.
  const options: Docker.DockerOptions & { agent: Agent } = { agent }
  return {
    docker: new Docker(options),
    openConnections: () => Object.values(agent.sockets).reduce((n, sockets) => n + (sockets?.length ?? 0), 0),
    calls: () => calls,
  }
}
