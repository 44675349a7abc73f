// The one way the project creates a container: the container policy (hardening.ts), the project's
// labels, and a name `docker ps` shows as ours. Runs, prewarm and shell sessions all go through it.
import type Docker from 'dockerode'
import type { Resolved } from '../../demos/hardening'
import type { ContainerSpec } from '../../demos/types'
import { containerOptions } from '../../demos/hardening'
import { labelsFor } from '../../shared/labels'
import { statusOf } from './io'

export interface Owner {
  /** The demo or shell session id. */
  demo: string
  /** The run, session or prewarm id. */
  run: string
}

/** Unique on the engine, recognisable in `docker ps`: talk-<alias>-<run>. */
export function engineName(alias: string, runId: string): string {
  return `talk-${alias}-${runId.slice(0, 8)}`
}

/** Outside a run there are no run volumes or networks to resolve. */
const NO_RUN_OBJECTS: Resolved = {
  volume: (alias) => { throw new Error(`demo bug: volume "${alias}" outside a run`) },
  network: (alias) => { throw new Error(`demo bug: network "${alias}" outside a run`) },
}

export function createLabelledContainer(docker: Docker, spec: ContainerSpec, owner: Owner, opts: { names?: Resolved, name?: string } = {}): Promise<Docker.Container> {
  return docker.createContainer({
    ...containerOptions(spec, labelsFor(owner.demo, owner.run), opts.names ?? NO_RUN_OBJECTS),
    ...(opts.name
      ? { name: opts.name }
      : {}),
  })
}

/** A create that fails with 404 before any container exists: the image is missing. */
export function isImageMissing(err: unknown): boolean {
  return statusOf(err) === 404
}

export function imageMissingMessage(image: string): string {
  return `image ${image} is not built yet: run npm run demos:prepare`
}
