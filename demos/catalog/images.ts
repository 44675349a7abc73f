// Section "Images": what an image is made of, how it is named, and that a container never changes it.
import type { Demo } from '../types'
import { BUILD_DEMO, BUSYBOX, REGISTRY } from '../images'
import { digestVar, dockerPull, dockerPush, dockerRmi, imagesDigests, portVar, registryTag } from '../registry-steps'
import { curlPublished, dockerCreate, dockerDiff, dockerHistory, dockerRm, dockerRun, dockerRunDetached, dockerStart, dockerTag, dockerUntag, dockerWait, imageInspect } from '../steps'

const V1 = `${BUSYBOX}:v1`

export const images: Demo[] = [
  {
    id: 'image-history',
    title: 'The site\'s history: a row per instruction, with the size of the files it added',
    images: [BUILD_DEMO],
    steps: [
      dockerHistory(BUILD_DEMO),
    ],
  },
  {
    id: 'image-id',
    title: 'An image is named by a content hash; on the classic store a repo digest comes only with a push or pull',
    images: [BUSYBOX],
    steps: [
      imageInspect(BUSYBOX, ['Id']),
      imageInspect(BUSYBOX, ['RepoTags', 'RepoDigests']),
    ],
  },
  {
    id: 'image-tag',
    title: 'A tag is just another name for the same image',
    images: [BUSYBOX],
    steps: [
      dockerTag(BUSYBOX, V1),
      // Looked up by its new name, the image lists both: one image, two names.
      imageInspect(V1, ['RepoTags']),
      dockerUntag(V1),
      imageInspect(BUSYBOX, ['RepoTags']),
    ],
  },
  {
    id: 'container-diff',
    title: 'A container writes to its own thin layer; the image stays as it was',
    images: [BUSYBOX],
    steps: [
      // The one loosening: a writable root filesystem, which is `docker run`'s own default.
      dockerCreate('writer', {
        image: BUSYBOX,
        readOnly: false,
        cmd: ['sh', '-c', 'echo hello > /note.txt; rm /etc/group'],
      }),
      dockerStart('writer'),
      dockerWait('writer'),
      dockerDiff('writer'),
      dockerRun({
        image: BUSYBOX,
        cmd: ['sh', '-c', 'cat /note.txt; ls /etc/group'],
      }),
      dockerRm('writer'),
    ],
  },
  {
    id: 'registry',
    title: 'Push the site to a registry on this machine, pull it back by digest',
    images: [BUILD_DEMO, REGISTRY],
    paced: true,
    timeoutSec: 60,
    steps: [
      // Published on loopback, where the engine speaks plain HTTP to a registry; storage is a tmpfs.
      dockerRunDetached('registry', {
        image: REGISTRY,
        network: 'bridge',
        ports: { 5000: 0 },
        tmpfs: ['/var/lib/registry'],
      }),
      curlPublished('registry', 5000, '/v2/'),
      portVar('REG', 'registry', 5000),
      registryTag(BUILD_DEMO, '$REG/demo/site:v1'),
      dockerPush('$REG/demo/site:v1'),
      imagesDigests('$REG/demo/site'),
      digestVar('DIGEST', '$REG/demo/site:v1'),
      dockerRmi('$REG/demo/site:v1'),
      dockerPull('$DIGEST'),
      imagesDigests('$REG/demo/site'),
      dockerRm('registry', { force: true }),
    ],
  },
]
