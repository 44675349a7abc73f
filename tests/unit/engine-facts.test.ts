import { describe, expect, it } from 'vitest'
import { factsFromInfo } from '../../server/engine/facts'

// The /info fields as Debian 12's Docker 20.10 and Docker 28 with the containerd store answer them.
describe('factsFromInfo', () => {
  it('classic store: overlay2 with no driver-type', () => {
    expect(factsFromInfo({
      Driver: 'overlay2',
      DriverStatus: [
        ['Backing Filesystem', 'extfs'],
        ['Supports d_type', 'true'],
      ],
      CgroupVersion: '1',
      OSType: 'linux',
    }, '20.10.24+dfsg1'))
      .toEqual({
        version: '20.10.24+dfsg1',
        imageStore: 'classic',
        storageDriver: 'overlay2',
        cgroupVersion: 1,
        builder: 'buildkit',
      })
  })
  it('containerd store: the snapshotter as Driver, its driver-type in DriverStatus; cgroup v2', () => {
    expect(factsFromInfo({
      Driver: 'overlayfs',
      DriverStatus: [
        ['driver-type', 'io.containerd.snapshotter.v1'],
      ],
      CgroupVersion: '2',
      OSType: 'linux',
    }, '28.5.2'))
      .toEqual({
        version: '28.5.2',
        imageStore: 'containerd',
        storageDriver: 'overlayfs',
        cgroupVersion: 2,
        builder: 'buildkit',
      })
  })
  it('an engine that is not Linux builds with the classic builder', () => {
    expect(factsFromInfo({ Driver: 'windowsfilter', OSType: 'windows' }, '28.0.0').builder).toBe('legacy')
  })
})
