import type { EngineHealth } from '../../shared/protocol'
// The engine badge's facts come from the engine itself: /api/health carries what GET /info and
// /version say, for whichever engine the suite runs on (the system's 20.10, Docker 28).
import { expect, it } from 'vitest'
import { docker } from '../support/engine'
import { useTestServer } from '../support/server'

const server = useTestServer()

it('/api/health names this engine\'s version, image store, storage driver, cgroup version and builder', async () => {
  const [health, info, version] = await Promise.all([
    fetch(`${server.url}/api/health`).then(r => r.json() as Promise<EngineHealth>),
    docker.info() as Promise<{ Driver: string, DriverStatus: [string, string][], CgroupVersion: string }>,
    docker.version(),
  ])
  const containerdStore = info.DriverStatus.some(([key, value]) => key === 'driver-type' && value.startsWith('io.containerd.snapshotter'))
  expect(health.engine.facts).toEqual({
    version: version.Version,
    imageStore: containerdStore ? 'containerd' : 'classic',
    storageDriver: info.Driver,
    cgroupVersion: Number(info.CgroupVersion),
    builder: 'buildkit',
  })
})
