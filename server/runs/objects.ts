// What one run has made on the engine, by the alias its demo uses, and the removal of all of it
// when the run ends, however it ends.
import type Docker from 'dockerode'
import type { ContainerSpec } from '../../demos/types'
import type { Owner } from '../engine/containers'
import { labelsFor, RUN_LABEL } from '../../shared/labels'
import { createLabelledContainer, engineName } from '../engine/containers'
import { statusOf } from '../engine/io'

/** A container created ahead of the click, handed to the first `docker run` step it matches. */
export interface Prewarmed { spec: ContainerSpec, container: Docker.Container }

export class RunObjects {
  readonly containers = new Map<string, Docker.Container>()
  readonly volumes = new Map<string, string>()
  readonly networks = new Map<string, string>()
  readonly tags = new Set<string>()

  constructor(private readonly docker: Docker, readonly owner: Owner, private prewarmed: Prewarmed | undefined) {}

  /**
   * Listing and pruning see only this run's containers: another demo, another run or another
   * server on the same engine is never touched, whatever label filter the step's CLI line shows.
   */
  get runFilter(): string {
    return JSON.stringify({
      label: [`${RUN_LABEL}=${this.owner.run}`],
    })
  }

  get labels(): Record<string, string> {
    return labelsFor(this.owner.demo, this.owner.run)
  }

  engineName(alias: string): string {
    return engineName(alias, this.owner.run)
  }

  async create(alias: string, spec: ContainerSpec): Promise<Docker.Container> {
    let container: Docker.Container
    if (this.prewarmed?.spec === spec) {
      container = this.prewarmed.container
      this.prewarmed = undefined
    }
    else {
      container = await createLabelledContainer(this.docker, spec, this.owner, {
        name: this.engineName(alias),
        names: {
          volume: a => this.volume(a),
          network: a => this.network(a),
        },
      })
    }
    this.containers.set(alias, container)
    return container
  }

  container(alias: string): Docker.Container {
    return known(this.containers, 'container', alias)
  }

  volume(alias: string): string {
    return known(this.volumes, 'volume', alias)
  }

  network(alias: string): string {
    return known(this.networks, 'network', alias)
  }

  /** Removes everything this run made; runs whether the run succeeded, failed or was stopped. */
  async removeAll(): Promise<void> {
    const failures: unknown[] = []
    const attempt = (p: Promise<unknown>): Promise<void> => p.then(() => {}, (e: unknown) => {
      if (statusOf(e) !== 404)
        failures.push(e)
    })
    await Promise.all([
      ...this.containers.values(),
    ].map(c => attempt(c.remove({ force: true, v: true }))))
    if (this.prewarmed)
      await attempt(this.prewarmed.container.remove({ force: true }))
    await Promise.all([
      ...this.networks.values(),
    ].map(n => attempt(this.docker.getNetwork(n).remove())))
    await Promise.all([
      ...this.volumes.values(),
    ].map(v => attempt(this.docker.getVolume(v).remove())))
    await Promise.all([...this.tags].map(t => attempt(this.docker.getImage(t).remove())))
    this.tags.clear()
    this.containers.clear()
    this.networks.clear()
    this.volumes.clear()
    if (failures.length)
      throw new AggregateError(failures, 'cleanup after the run failed')
  }
}

function known<T>(map: Map<string, T>, kind: string, alias: string): T {
  const value = map.get(alias)
  if (value === undefined)
    throw new Error(`demo bug: ${kind} "${alias}" was not created in this run`)
  return value
}
