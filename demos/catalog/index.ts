// The allow-list: every demo the server will ever run, by id.
import type { Demo, ShellSession } from '../types'
import { basics } from './basics'
import { builds } from './build'
import { containers } from './containers'
import { sessions } from './interactive'
import { networks } from './networks'
import { volumes } from './volumes'

export const catalog: readonly Demo[] = [
  ...basics,
  ...containers,
  ...volumes,
  ...networks,
  ...builds,
]

export const demosById: ReadonlyMap<string, Demo> = new Map(catalog.map(d => [d.id, d]))

/** Interactive shells (<ContainerTerminal id>), by id. */
export const shellSessionsById: ReadonlyMap<string, ShellSession> = new Map(sessions.map(s => [s.id, s]))
