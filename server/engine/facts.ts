// What the talk says "this engine" does, read from the engine itself (GET /info and /version) rather
// than assumed: its image store, builder, storage driver and cgroup version all differ between
// Debian 12's Docker 20.10 and a current Docker Desktop or Docker CE.
import type Docker from 'dockerode'
import type { EngineFacts } from '../../shared/protocol'

interface InfoFields { Driver?: string, DriverStatus?: [string, string][], CgroupVersion?: string, OSType?: string }

/**
 * The containerd image store shows in /info as the storage driver's `driver-type`
 * (`io.containerd.snapshotter.v1`, with Driver = the snapshotter, e.g. "overlayfs"); the classic
 * store names a graph driver (overlay2) and no driver-type.
 */
export function factsFromInfo(info: InfoFields, version: string): EngineFacts {
  const snapshotter = (info.DriverStatus ?? []).some(([key, value]) => key === 'driver-type' && value.startsWith('io.containerd.snapshotter'))
  return {
    version,
    imageStore: snapshotter ? 'containerd' : 'classic',
    storageDriver: info.Driver ?? '',
    cgroupVersion: info.CgroupVersion === '2'
      ? 2
      : 1,
    // Every Linux engine the demos drive (API 1.41+) has BuildKit: `docker build` uses it there
    // unless told otherwise; the classic builder is left for engines without it (Windows).
    builder: info.OSType === undefined || info.OSType === 'linux'
      ? 'buildkit'
      : 'legacy',
  }
}

type InfoCall = (opts: { abortSignal: AbortSignal }) => Promise<InfoFields>

/** The engine's facts, or undefined when /info does not answer within the signal's time. */
export async function engineFacts(docker: Docker, version: string, signal: AbortSignal): Promise<EngineFacts | undefined> {
  try {
    return factsFromInfo(await (docker.info as unknown as InfoCall).call(docker, { abortSignal: signal }), version)
  }
  catch {
    return undefined
  }
}
