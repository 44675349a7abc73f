// Removes every object carrying the project's label: leftovers of a crash at start, everything at
// shutdown, and whatever a run could not remove once the engine answers again.
import type Docker from 'dockerode'
import { demoTags, PUSHED_REF } from '../../demos/images'
import { isPrewarmRunId, LABEL, labelConditions, managedFilter, RUN_LABEL } from '../../shared/labels'
import { unless } from './io'

// 404: already gone; 409: removal already in progress.
const ignoreGone = unless(404, 409)

export interface Swept { containers: number, networks: number, volumes: number, tags: number }

export async function sweep(docker: Docker, keepRuns: ReadonlySet<string> = new Set()): Promise<Swept> {
  const filters = managedFilter
  const keep = (labels: Record<string, string> | undefined): boolean => keepRuns.has(labels?.[RUN_LABEL] ?? '')
  const containers = (await docker.listContainers({ all: true, filters })).filter(c => !keep(c.Labels))
  await Promise.all(containers.map(c => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreGone)))
  const networks = (await docker.listNetworks({ filters })).filter(n => !keep(n.Labels))
  await Promise.all(networks.map(n => docker.getNetwork(n.Id).remove().catch(ignoreGone)))
  const volumes = ((await docker.listVolumes({ filters })).Volumes ?? []).filter(v => !keep(v.Labels as Record<string, string>))
  await Promise.all(volumes.map(v => docker.getVolume(v.Name).remove().catch(ignoreGone)))
  // A tag carries no run label: with runs still live, a leftover tag waits for the next full sweep.
  const tags = keepRuns.size
    ? []
    : await leftoverTags(docker)
  await Promise.all(tags.map(t => docker.getImage(t).remove().catch(ignoreGone)))
  return {
    containers: containers.length,
    networks: networks.length,
    volumes: volumes.length,
    tags: tags.length,
  }
}

/**
 * The demo tags and pushed names (demos/images.ts) present on the engine. Removing one only untags
 * its image. A pushed name is left while the registry it names still runs: it belongs to a run in
 * progress, possibly another server's on the same engine (names carry no instance label).
 */
async function leftoverTags(docker: Docker): Promise<string[]> {
  const present = (await docker.listImages({ digests: true })).flatMap(i => [
    ...i.RepoTags ?? [],
    ...i.RepoDigests ?? [],
  ])
  const running = await docker.listContainers({
    filters: JSON.stringify({
      label: [`${LABEL}=true`],
    }),
  })
  const live = new Set(running.flatMap(c => c.Ports.flatMap(p => p.PublicPort
    ? [`127.0.0.1:${p.PublicPort}/`]
    : [])))
  return present.filter(t => demoTags.includes(t) || (PUSHED_REF.test(t) && ![...live].some(prefix => t.startsWith(prefix))))
}

export interface ManagedQuery { instance?: string, demo?: string, exceptPrewarmed?: boolean }
export interface ManagedCount { containers: number, networks: number, volumes: number }

/**
 * The project's labelled objects on the engine (see `labelConditions` for `instance` and `demo`).
 * `exceptPrewarmed` leaves out containers created ahead of the next click (a window entering a
 * demo's slide prewarms one): they are not leftovers of a run, and the server removes them at
 * shutdown.
 */
export async function countManaged(docker: Docker, opts: ManagedQuery = {}): Promise<ManagedCount> {
  const filters = JSON.stringify({
    label: labelConditions(opts),
  })
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ])
  const counted = opts.exceptPrewarmed
    ? containers.filter(c => !isPrewarmRunId(c.Labels[RUN_LABEL]))
    : containers
  return { containers: counted.length, networks: networks.length, volumes: volumes.Volumes?.length ?? 0 }
}
