// The allow-list: every demo the server will ever run, by id.
import type { Demo } from '../types'
import { basics } from './basics'
import { containers } from './containers'
import { networks } from './networks'
import { volumes } from './volumes'

export const catalog: readonly Demo[] = [
  ...basics,
  ...containers,
  ...volumes,
  ...networks,
]

export const demosById: ReadonlyMap<string, Demo> = new Map(catalog.map(d => [d.id, d]))
