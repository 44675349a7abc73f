// The allow-list: every demo the server will ever run, by id.
import type { Demo } from '../types'
import { basics } from './basics'

export const catalog: readonly Demo[] = [
  ...basics,
]

export const demosById: ReadonlyMap<string, Demo> = new Map(catalog.map(d => [d.id, d]))
