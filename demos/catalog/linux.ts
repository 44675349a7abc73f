// Section 3, basic Linux commands, run live: bash (for pushd/popd) and gcc come from talk/toolbox.
// The scripts live in the image (demos/images/toolbox/demo/) and are shown on the slides from there.
import type { ContainerSpec, Demo } from '../types'
import { TOOLBOX } from '../images'
import { dockerRun } from '../steps'

/** Read-only root filesystem; the scripts work in a tmpfs at /work, executable for gcc's output. */
function toolbox(script: string): ContainerSpec {
  return {
    image: TOOLBOX,
    cmd: ['bash', script],
    workdir: '/work',
    // gcc writes its intermediate files to /tmp.
    tmpfs: ['/work:exec', '/tmp'],
    showFlags: ['--read-only'],
  }
}

export const linux: Demo[] = [
  {
    id: 'dir-stack',
    title: 'pwd, cd, pushd/popd and mv in bash',
    images: [TOOLBOX],
    steps: [
      dockerRun(toolbox('/demo/dirs.sh')),
    ],
  },
  {
    id: 'gcc-hello',
    title: 'Compile and run hello.c with gcc',
    images: [TOOLBOX],
    // The 64 MB default is plenty: compiling hello.c also succeeds with --memory 16m.
    steps: [
      dockerRun(toolbox('/demo/gcc.sh')),
    ],
  },
]
