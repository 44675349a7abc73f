// The allow-list: every demo the server will ever run, by id.
import type { Demo, ShellDef } from '../types'
import { basics } from './basics'
import { builds } from './build'
import { cli } from './cli'
import { containers } from './containers'
import { engine } from './engine'
import { images } from './images'
import { sessions } from './interactive'
import { linux } from './linux'
import { networks } from './networks'
import { stress } from './stress'
import { terminology } from './terminology'
import { vms } from './vms'
import { volumes } from './volumes'

export const catalog: readonly Demo[] = [
  ...basics,
  ...terminology,
  ...linux,
  ...vms,
  ...images,
  ...containers,
  ...volumes,
  ...networks,
  ...builds,
  ...cli,
  ...engine,
  ...stress,
]

export const demosById: ReadonlyMap<string, Demo> = new Map(catalog.map(d => [d.id, d]))

/** Interactive shells (<ContainerTerminal id>), by id. */
export const shellSessionsById: ReadonlyMap<string, ShellDef> = new Map(sessions.map(s => [s.id, s]))
