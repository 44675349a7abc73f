import type { Demo } from '../../demos/types'
import type { Refusal } from '../refusal'
import type { Serialize } from './demo-queue'
import type { Prewarmer } from './prewarm'
// Which demos have a prewarmed container: the set the deck last asked for, applied one call after
// another, each demo's create or discard queued with that demo's runs.
import { isRefusal, refuse } from '../refusal'

export interface PrewarmKeeperDeps {
  catalog: ReadonlyMap<string, Demo>
  prewarmer: Prewarmer
  serialize: Serialize
  /** Whether the demo has a run going. */
  running: (id: string) => boolean
  /** A discard found the engine down: its container is left for the next sweep. */
  onEngineDown: () => void
}

export class PrewarmKeeper {
  private prewarming: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: PrewarmKeeperDeps) {}

  /** Keeps prewarmed containers for exactly these demos; resolves with the demos whose container is ready. */
  keep(ids: readonly string[]): Promise<string[] | Refusal> {
    const { catalog, prewarmer, serialize } = this.deps
    const unknown = ids.find(id => !catalog.has(id))
    if (unknown !== undefined)
      return Promise.resolve(refuse('unknown demo', `unknown demo "${unknown}"`))
    const apply = async (): Promise<string[] | Refusal> => {
      const behind = prewarmer.ids().filter(id => !ids.includes(id))
      await Promise.all(behind.map(id => serialize(id, async () => {
        if (await prewarmer.discard(id) === 'engine down')
          this.deps.onEngineDown()
      })))
      const made = await Promise.all(ids.map(id => this.prewarm(catalog.get(id)!)))
      return made.find(isRefusal) ?? ids.filter((_, i) => made[i] === true)
    }
    const next = this.prewarming.then(apply, apply)
    this.prewarming = next.catch(() => [])
    return next
  }

  /** Creates the demo's first container ahead of the click, so Run only has to start it. */
  private prewarm(demo: Demo): Promise<boolean | Refusal> {
    const id = demo.id
    return this.deps.serialize(id, async () => {
      // A window opening the slide while the demo runs (the audience joining) must not leave a
      // container behind that nobody asked for; the next slide visit prewarms again.
      if (this.deps.running(id))
        return false
      return this.deps.prewarmer.create(demo)
    })
  }
}
