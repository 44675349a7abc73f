import type { Demo } from '../types'
import { dockerBuild, dockerRun, imageInspect } from '../steps'
import { BUSYBOX, BUILD_DEMO, GREETER } from '../images'

export const builds: Demo[] = [
  {
    id: 'image-build',
    title: 'Building an image, step by step',
    images: [BUSYBOX],
    timeoutSec: 60,
    // --no-cache: every step really runs on every click, so the progress is visible each time.
    steps: [dockerBuild(BUILD_DEMO, { noCache: true })],
  },
  {
    id: 'image-rebuild',
    title: 'The same build again: every unchanged step comes from the cache',
    images: [BUSYBOX],
    timeoutSec: 60,
    steps: [dockerBuild(BUILD_DEMO)],
  },
  {
    id: 'entrypoint-cmd',
    title: 'ENTRYPOINT is the program, CMD its default arguments',
    images: [GREETER],
    steps: [
      imageInspect(GREETER, ['Config.Entrypoint', 'Config.Cmd']),
      dockerRun({ image: GREETER }),
      dockerRun({ image: GREETER, cmd: ['Docker'] }),
    ],
  },
]
