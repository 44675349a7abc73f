import type Docker from 'dockerode'
// The engine as the dashboard shows it: containers, images, volumes and networks, refreshed when
// the engine's event stream (`docker events`) reports a change to that kind of object. No polling:
// a quiet engine costs nothing, and a change reaches the browser as soon as the engine reports it.
import type { IncomingMessage } from 'node:http'
import type { DashboardEvents, Sent } from '../../shared/protocol'
import type { EventFeed } from '../broadcast/feed'
import type { Kind } from './lists'
import { Feed } from '../broadcast/feed'
import { describeEngineError } from '../engine/client'
import { readEngineEvents } from './event-lines'
import { EngineLists, KINDS } from './lists'

const EVENT_KIND: Record<string, Kind> = {
  container: 'containers',
  image: 'images',
  volume: 'volumes',
  network: 'networks',
}
/** Container actions that change nothing the dashboard shows. */
const QUIET_ACTIONS = /^(?:exec_|attach|resize|top|archive-path|export|health_status)/
const RECONNECT_MS = 2000

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
  private stream?: IncomingMessage
  private retry?: NodeJS.Timeout
  private readonly lists: EngineLists

  constructor(private readonly docker: Docker) {
    this.lists = new EngineLists(docker)
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
        this.lists.forgetStart(e.Actor.ID)
    }
    this.refresh(kind)
  }

  /** One refresh per kind at a time; a change during it triggers exactly one more. */
  private refresh(kind: Kind): void {
    if (this.refreshing.has(kind)) {
      this.dirty.add(kind)
      return
    }
    const run = this.lists.list(kind)
      .then(items => this.publish(kind, items as never))
      .catch(() => {}) // The event stream reports an engine that went away.
      .finally(() => {
        this.refreshing.delete(kind)
        if (this.dirty.delete(kind) && this.active > 0)
          this.refresh(kind)
      })
    this.refreshing.set(kind, run)
  }

  private publish<K extends keyof DashboardEvents>(event: K, data: DashboardEvents[K]): void {
    this.feeds.all.publish(event, data)
    this.feeds.ours.publish(event, forWatchers(event, data))
  }
}

interface EngineEvent { Type: string, Action: string, Actor: { ID: string, Attributes?: Record<string, string> } }
