import type Docker from 'dockerode'
// The engine as the dashboard shows it: containers, images, volumes and networks, refreshed when
// the engine's event stream (`docker events`) reports a change to that kind of object. No polling:
// a quiet engine costs nothing, and a change reaches the browser as soon as the engine reports it.
import type { IncomingMessage } from 'node:http'
import type { DashboardContainer, DashboardEvents, DashboardImage, Sent } from '../../shared/protocol'
import type { EventFeed } from '../broadcast/feed'
import type { Refusal } from '../refusal'
import { DEMO_LABEL, IMAGE_LABEL, instance, INSTANCE_LABEL, isPrewarmRunId, LABEL, RUN_LABEL } from '../../shared/labels'
import { Feed } from '../broadcast/feed'
import { describeEngineError } from '../engine/client'
import { unless } from '../engine/io'
import { refuse } from '../refusal'
import { readEngineEvents } from './event-lines'

type Kind = 'containers' | 'images' | 'volumes' | 'networks'
const KINDS: Kind[] = [
  'containers',
  'images',
  'volumes',
  'networks',
]
const EVENT_KIND: Record<string, Kind> = {
  container: 'containers',
  image: 'images',
  volume: 'volumes',
  network: 'networks',
}
/** Container actions that change nothing the dashboard shows. */
const QUIET_ACTIONS = /^(?:exec_|attach|resize|top|archive-path|export|health_status)/
const RECONNECT_MS = 2000

export function isOurs(labels: Record<string, string> | undefined): boolean {
  return labels?.[LABEL] === 'true' && labels?.[INSTANCE_LABEL] === instance
}

/** A client that may only watch sees this talk's objects, not everything on the engine. */
function forWatchers<K extends keyof DashboardEvents>(event: K, data: DashboardEvents[K]): DashboardEvents[K] {
  return (Array.isArray(data)
    ? (data as { ours: boolean }[]).filter(o => o.ours)
    : data) as DashboardEvents[K]
}

export class EngineWatch {
  /** Feeds of the broadcast core, each event the latest of its kind: everything for controllers, this talk's objects for watchers. */
  private readonly feeds: Record<'all' | 'ours', Feed<DashboardEvents>>
  /** Subscribers across both feeds: the engine is watched while there is one. */
  private active = 0
  private readonly refreshing = new Map<Kind, Promise<void>>()
  private readonly dirty = new Set<Kind>()
  /** Start times of running containers (immutable while they run), so a refresh inspects only new ones. */
  private readonly startedAt = new Map<string, number>()
  /** Layer counts by image id: an image never changes. */
  private readonly layers = new Map<string, number>()
  private stream?: IncomingMessage
  private retry?: NodeJS.Timeout

  constructor(private readonly docker: Docker) {
    const options = {
      maxBytes: 0,
      keyOf: (m: Sent<DashboardEvents>) => m.event,
      onActive: (on: boolean) => {
        // After stop() (shutdown) the remaining viewers' departures must not count below zero.
        this.active = Math.max(0, this.active + (on
          ? 1
          : -1))
        if (on && this.active === 1)
          void this.watch()
        if (!on && this.active === 0)
          this.unwatch()
      },
    }
    this.feeds = {
      all: new Feed(options),
      ours: new Feed(options),
    }
  }

  /** The feed a client gets: every object for one that may control, this talk's for a watcher. */
  feed(all: boolean): EventFeed<DashboardEvents> {
    return this.feeds[all ? 'all' : 'ours']
  }

  /** Sends the current lists, then every change, until the returned function is called. */
  subscribe(subscriber: (message: Sent<DashboardEvents>) => void, all = true): () => void {
    return this.feed(all).subscribe(subscriber)
  }

  stop(): void {
    this.active = 0
    this.unwatch()
  }

  private async watch(): Promise<void> {
    clearTimeout(this.retry)
    if (this.stream || this.active === 0)
      return
    try {
      // Listen first, then list: a change between the two is not lost.
      const stream = await this.docker.getEvents({
        filters: {
          type: [
            'container',
            'image',
            'volume',
            'network',
          ],
        },
      }) as IncomingMessage
      if (this.active === 0)
        return void stream.destroy()
      this.stream = stream
      readEngineEvents<EngineEvent>(stream, e => this.onEngineEvent(e))
      const lost = (err?: Error): void => {
        if (this.stream !== stream)
          return
        this.stream = undefined
        this.publish('engine', {
          reachable: false,
          error: err
            ? describeEngineError(err)
            : 'the engine closed its event stream',
        })
        this.retry = setTimeout(() => void this.watch(), RECONNECT_MS)
      }
      stream.on('error', lost)
      stream.on('close', () => lost())
      this.publish('engine', { reachable: true })
      for (const kind of KINDS) this.refresh(kind)
    }
    catch (err) {
      this.publish('engine', {
        reachable: false,
        error: describeEngineError(err),
      })
      this.retry = setTimeout(() => void this.watch(), RECONNECT_MS)
    }
  }

  private unwatch(): void {
    clearTimeout(this.retry)
    const stream = this.stream
    this.stream = undefined
    stream?.destroy()
    this.feeds.all.clear()
    this.feeds.ours.clear()
  }

  private onEngineEvent(e: EngineEvent): void {
    const kind = EVENT_KIND[e.Type]
    if (!kind)
      return
    if (kind === 'containers') {
      if (QUIET_ACTIONS.test(e.Action))
        return
      if (e.Action !== 'start' && e.Action !== 'unpause')
        this.startedAt.delete(e.Actor.ID)
    }
    this.refresh(kind)
  }

  /** One refresh per kind at a time; a change during it triggers exactly one more. */
  private refresh(kind: Kind): void {
    if (this.refreshing.has(kind)) {
      this.dirty.add(kind)
      return
    }
    const run = this.list(kind)
      .then(items => this.publish(kind, items as never))
      .catch(() => {}) // The event stream reports an engine that went away.
      .finally(() => {
        this.refreshing.delete(kind)
        if (this.dirty.delete(kind) && this.active > 0)
          this.refresh(kind)
      })
    this.refreshing.set(kind, run)
  }

  private async list(kind: Kind): Promise<DashboardEvents[Kind]> {
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

  private publish<K extends keyof DashboardEvents>(event: K, data: DashboardEvents[K]): void {
    this.feeds.all.publish(event, data)
    this.feeds.ours.publish(event, forWatchers(event, data))
  }
}

interface EngineEvent { Type: string, Action: string, Actor: { ID: string, Attributes?: Record<string, string> } }

const CONTAINER_ID = /^[a-z0-9][\w.-]{0,127}$/i

/** Stops or removes a container, but only one this talk made: the server checks its labels. */
export async function actOnOwnContainer(docker: Docker, id: string, action: 'stop' | 'remove'): Promise<void | Refusal> {
  if (!CONTAINER_ID.test(id))
    return refuse('malformed id', 'malformed container id')
  const container = docker.getContainer(id)
  const missing = refuse('no such container', `no such container: ${id}`)
  let info: Docker.ContainerInspectInfo
  try {
    info = await container.inspect()
  }
  catch (err) {
    // The engine also resolves an id prefix; a prefix of several ids is its error (a 500 before
    // API 1.41), but for us simply no container of that id or name.
    const e = err as { statusCode?: number, json?: { message?: string } }
    if (e.statusCode === 404 || /multiple IDs found/i.test(e.json?.message ?? ''))
      return missing
    throw err
  }
  // Only the exact id or name the dashboard shows: a prefix that happens to be unique is not one.
  if (info.Id !== id && info.Name !== `/${id}`)
    return missing
  if (!isOurs(info.Config.Labels ?? undefined))
    return refuse('not ours', 'refused: this container was not made by this talk')
  // The full id that was inspected and checked, not the name the browser sent: a name can pass
  // to another container between the check and the act, an id cannot.
  const checked = docker.getContainer(info.Id)
  try {
    if (action === 'stop')
      await checked.stop({ t: 2 })
    else await checked.remove({ force: true, v: true })
  }
  catch (err) {
    // 304: already stopped; 404/409: already gone or going.
    unless(304, 404, 409)(err)
  }
}
