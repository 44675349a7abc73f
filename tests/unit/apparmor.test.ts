import type { Resolved } from '../../demos/hardening'
// by-hand under AppArmor: the option is on the slide's line and in what the engine is sent.
import { expect, it } from 'vitest'
import { containerOptions } from '../../demos/hardening'
import { dockerRun } from '../../demos/steps'

it('apparmor: unconfined is shown as --security-opt and sent as HostConfig.SecurityOpt, beside no-new-privileges', () => {
  const spec = {
    image: 'talk/by-hand',
    capAdd: ['SYS_ADMIN', 'SYS_CHROOT'],
    apparmor: 'unconfined' as const,
    cmd: ['by-hand'],
  }
  expect(dockerRun(spec).cli).toBe('docker run --rm --cap-add SYS_ADMIN --cap-add SYS_CHROOT --security-opt apparmor=unconfined talk/by-hand by-hand')
  const names: Resolved = {
    network: n => n,
    volume: n => n,
  }
  expect(containerOptions(spec, {}, names).HostConfig?.SecurityOpt).toEqual(['no-new-privileges', 'apparmor=unconfined'])
  expect(containerOptions({ image: 'talk/busybox' }, {}, names).HostConfig?.SecurityOpt).toEqual(['no-new-privileges'])
})
