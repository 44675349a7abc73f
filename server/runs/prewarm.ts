import type Docker from 'dockerode'
import type { Demo } from '../../demos/types'
import type { Refusal } from '../refusal'
import type { Prewarmed } from './objects'
// Containers created ahead of the click, one per demo whose first step is `docker run`, so Run
// only has to start it. Each carries the prewarm run id until a run takes it over.
import { randomUUID } from 'node:crypto'
import { prewarmRunId } from '../../shared/labels'
import { describeEngineError, isEngineDown } from '../engine/client'
import { createLabelledContainer, engineName, imageMissingMessage, isImageMissing } from '../engine/containers'
import { unless } from '../engine/io'
import { refuse } from '../refusal'

export class Prewarmer {
  private readonly ready = new Map<string, Prewarmed>()

  constructor(private readonly docker: Docker) {}

  has(id: string): boolean {
    return this.ready.has(id)
  }

  /** Hands the demo's container to the run that starts now. */
  take(id: string): Prewarmed | undefined {
    const prewarmed = this.ready.get(id)
    this.ready.delete(id)
    return prewarmed
  }

  ids(): string[] {
    return [
      ...this.ready.keys(),
    ]
  }

  get size(): number {
    return this.ready.size
  }

  /** Removes the demo's container; one the engine cannot be asked about is left to the next sweep. */
  async discard(id: string): Promise<'removed' | 'engine down'> {
    const prewarmed = this.take(id)
    try {
      await prewarmed?.container.remove({ force: true })
    }
    catch (err) {
      if (isEngineDown(err))
        return 'engine down'
      unless(404)(err)
    }
    return 'removed'
  }

  /** Forgets them all; the final sweep removes them from the engine. */
  clear(): void {
    this.ready.clear()
  }

  /** Creates the demo's first container; false for a demo that does not begin with `docker run`. */
  async create(demo: Demo): Promise<boolean | Refusal> {
    const spec = demo.steps[0]?.container
    if (!spec)
      return false
    if (this.ready.has(demo.id))
      return true
    try {
      // The talk's naming, as a run's containers, not a random engine name.
      const name = engineName(`${demo.id}-prewarmed`, randomUUID())
      const container = await createLabelledContainer(this.docker, spec, {
        demo: demo.id,
        run: prewarmRunId(demo.id),
      }, { name })
      this.ready.set(demo.id, { spec, container })
      return true
    }
    catch (err) {
      if (isEngineDown(err))
        return refuse('engine down', describeEngineError(err))
      if (isImageMissing(err))
        return refuse('image missing', imageMissingMessage(spec.image))
      throw err
    }
  }
}
