// Images the demos run. None comes from a registry: each is built locally from
// demos/images/<dir>/, in this order (later ones build FROM earlier ones).

export const BUSYBOX = 'talk/busybox'
export const BUILD_DEMO = 'talk/build-demo'
export const TOOLBOX = 'talk/toolbox'
export const GREETER = 'talk/greeter'
export const GREETER_SHELL = 'talk/greeter-shell'
export const LIMITS = 'talk/limits'
export const HELLO_C = 'talk/hello-c'
export const BY_HAND = 'talk/by-hand'
export const REGISTRY = 'talk/registry'

/** A C file of the image's folder, compiled on this machine with gcc (or `$CC`) at prepare time. */
export interface CompiledC { compile: string, static: boolean }

export interface ImageDef {
  /** Tag, e.g. `talk/busybox`. */
  name: string
  /** Build context folder under demos/images/. */
  dir: string
  /**
   * Files staged into the context at build time: context name -> how to find it on this machine.
   * `static-busybox`: one binary; `host-toolchain`: a tree of this machine's bash and gcc;
   * `debian-registry`: docker-registry taken out of Debian's package (never installed) and its libraries;
   * a `CompiledC`: the program built from a C file of the folder.
   */
  stage?: Record<string, 'static-busybox' | 'host-toolchain' | 'debian-registry' | CompiledC>
}

export const images: readonly ImageDef[] = [
  {
    name: BUSYBOX,
    dir: 'busybox',
    stage: { busybox: 'static-busybox' },
  },
  {
    name: TOOLBOX,
    dir: 'toolbox',
    stage: { rootfs: 'host-toolchain' },
  },
  { name: GREETER, dir: 'greeter' },
  { name: GREETER_SHELL, dir: 'greeter-shell' },
  { name: LIMITS, dir: 'limits' },
  { name: BY_HAND, dir: 'by-hand' },
  {
    name: REGISTRY,
    dir: 'registry',
    stage: { rootfs: 'debian-registry' },
  },
  // The talk's one story: built live in the Dockerfiles section (a stageBuild, below), prepared here
  // from the same folder so each later demo that runs it (process, volume, network, registry) runs alone.
  { name: BUILD_DEMO, dir: 'build-demo' },
  {
    name: HELLO_C,
    dir: 'hello-c',
    stage: {
      'hello-static': { compile: 'hello.c', static: true },
      'hello-dynamic': { compile: 'hello.c', static: false },
    },
  },
]

export function imageDef(name: string): ImageDef | undefined {
  return images.find(d => d.name === name)
}

/**
 * The only tags a demo may add (`docker tag`): each is removed at the end of its run and by the
 * server's sweep. A fixed list, so no step can untag or delete an image the demos share.
 */
export const demoTags: readonly string[] = [`${BUSYBOX}:v1`]

/** Names the registry demo pushes and pulls: a `demo/` repository on a loopback registry. */
export const PUSHED_REF = /^127\.0\.0\.1:\d+\/demo\/[a-z0-9]+(?:[:@][\w.:-]+)?$/
