// Images the demos run. None comes from a registry: each is built locally from
// demos/images/<dir>/, in this order (later ones build FROM earlier ones).

export const BUSYBOX = 'talk/busybox'
export const BUILD_DEMO = 'talk/build-demo'
export const TOOLBOX = 'talk/toolbox'
export const GREETER = 'talk/greeter'
export const LIMITS = 'talk/limits'

export interface ImageDef {
  /** Tag, e.g. `talk/busybox`. */
  name: string
  /** Build context folder under demos/images/. */
  dir: string
  /**
   * Files staged into the context at build time: context name -> how to find it on this machine.
   * `static-busybox`: one binary; `host-toolchain`: a tree of this machine's bash and gcc.
   */
  stage?: Record<string, 'static-busybox' | 'host-toolchain'>
}

export const images: readonly ImageDef[] = [
  { name: BUSYBOX, dir: 'busybox', stage: { busybox: 'static-busybox' } },
  { name: TOOLBOX, dir: 'toolbox', stage: { rootfs: 'host-toolchain' } },
  { name: GREETER, dir: 'greeter' },
  { name: LIMITS, dir: 'limits' },
]

/** Images a demo builds on stage (`docker build` as a step), not ahead of time. */
export const stageBuilds: readonly ImageDef[] = [
  { name: BUILD_DEMO, dir: 'build-demo' },
]

export function imageDef(name: string): ImageDef | undefined {
  return [...images, ...stageBuilds].find(d => d.name === name)
}

/**
 * The only tags a demo may add (`docker tag`): each is removed at the end of its run and by the
 * server's sweep. A fixed list, so no step can untag or delete an image the demos share.
 */
export const demoTags: readonly string[] = [`${BUSYBOX}:v1`]
