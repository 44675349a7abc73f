import type { Demo } from '../types'
import { BUILD_DEMO, BUSYBOX, GREETER, GREETER_SHELL } from '../images'
import { dockerBuild, dockerRun, imageInspect } from '../steps'

export const builds: Demo[] = [
  {
    id: 'image-build',
    title: 'Building an image, step by step',
    images: [BUSYBOX],
    timeoutSec: 60,
    // --no-cache: every step really runs on every click, so the progress is visible each time.
    steps: [
      dockerBuild(BUILD_DEMO, { noCache: true }),
    ],
  },
  {
    id: 'image-rebuild',
    title: 'The same build again: every unchanged step comes from the cache',
    images: [BUSYBOX],
    timeoutSec: 60,
    steps: [
      dockerBuild(BUILD_DEMO),
    ],
  },
  {
    id: 'entrypoint-cmd',
    title: 'ENTRYPOINT is the program, CMD its default arguments',
    images: [GREETER],
    steps: [
      imageInspect(GREETER, ['Config.Entrypoint', 'Config.Cmd']),
      dockerRun({ image: GREETER }),
      dockerRun({
        image: GREETER,
        cmd: ['Docker'],
      }),
    ],
  },
  {
    id: 'shell-form',
    title: 'Shell form: wrapped in /bin/sh -c, variables expanded, arguments ignored',
    images: [GREETER_SHELL],
    steps: [
      imageInspect(GREETER_SHELL, ['Config.Entrypoint', 'Config.Cmd']),
      dockerRun({
        image: GREETER_SHELL,
        cmd: ['Docker'],
      }),
      dockerRun({
        image: GREETER_SHELL,
        env: { NAME: 'Docker' },
      }),
    ],
  },
]
