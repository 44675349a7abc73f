import type Docker from 'dockerode'
import type { DashboardContainer, DashboardEvents, DashboardImage } from '../../shared/protocol'
// The dashboard's lists of containers, images, volumes and networks, read from the engine.
import { DEMO_LABEL, IMAGE_LABEL, isPrewarmRunId, LABEL, RUN_LABEL } from '../../shared/labels'
import { isOurs } from './ownership'

export type Kind = 'containers' | 'images' | 'volumes' | 'networks'
export const KINDS: Kind[] = [
  'containers',
  'images',
  'volumes',
  'networks',
]

export class EngineLists {
  /** Start times of running containers (immutable while they run), so a refresh inspects only new ones. */
  private readonly startedAt = new Map<string, number>()
  /** Layer counts by image id: an image never changes. */
  private readonly layers = new Map<string, number>()

  constructor(private readonly docker: Docker) {}

  /** The container stopped, paused or went: its next start is a new start time. */
  forgetStart(id: string): void {
    this.startedAt.delete(id)
  }

  async list(kind: Kind): Promise<DashboardEvents[Kind]> {
    switch (kind) {
      case 'containers': return this.containers()
      case 'images': return this.images()
      case 'volumes': {
        const { Volumes } = await this.docker.listVolumes()
        return (Volumes ?? []).map(v => ({
          name: v.Name,
          driver: v.Driver,
          ours: isOurs(v.Labels as Record<string, string>),
        })).sort((a, b) => a.name.localeCompare(b.name))
      }
      case 'networks':
        return (await this.docker.listNetworks()).map(n => ({
          id: n.Id,
          name: n.Name,
          driver: n.Driver,
          ours: isOurs(n.Labels),
        })).sort((a, b) => a.name.localeCompare(b.name))
    }
  }

  private async containers(): Promise<DashboardContainer[]> {
    const list = await this.docker.listContainers({ all: true })
    await Promise.all(list.filter(c => c.State === 'running' && !this.startedAt.has(c.Id)).map(async (c) => {
      const info = await this.docker.getContainer(c.Id).inspect().catch(() => undefined)
      if (info?.State.Running)
        this.startedAt.set(c.Id, Date.parse(info.State.StartedAt))
    }))
    // A container created ahead of a click (prewarmed) is the talk's machinery, not something the audience made.
    return list.filter(c => !(c.State === 'created' && c.Labels?.[LABEL] === 'true' && isPrewarmRunId(c.Labels[RUN_LABEL]))).map(c => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      status: c.Status,
      ports: c.Ports.filter(p => p.PublicPort).map(p => `${p.IP
        ? `${p.IP}:`
        : ''}${p.PublicPort}->${p.PrivatePort}/${p.Type}`),
      created: c.Created * 1000,
      ...(c.State === 'running' && this.startedAt.has(c.Id)
        ? {
            startedAt: this.startedAt.get(c.Id),
          }
        : {}),
      ours: isOurs(c.Labels),
      ...(c.Labels?.[DEMO_LABEL]
        ? { demo: c.Labels[DEMO_LABEL] }
        : {}),
    })).sort((a, b) => b.created - a.created)
  }

  private async images(): Promise<DashboardImage[]> {
    const list = await this.docker.listImages()
    await Promise.all(list.filter(i => !this.layers.has(i.Id)).map(async (i) => {
      const info = await this.docker.getImage(i.Id).inspect().catch(() => undefined)
      if (info)
        this.layers.set(i.Id, info.RootFS?.Layers?.length ?? 0)
    }))
    return list.map(i => ({
      id: i.Id,
      tags: (i.RepoTags ?? []).filter(t => t !== '<none>:<none>'),
      size: i.Size,
      layers: this.layers.get(i.Id) ?? 0,
      created: i.Created * 1000,
      ours: isOurs(i.Labels ?? undefined) || Boolean(i.Labels?.[IMAGE_LABEL]),
    })).sort((a, b) => b.created - a.created)
  }
}
