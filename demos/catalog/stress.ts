import type { Demo } from '../types'
import { BUSYBOX } from '../images'
import { dockerRun } from '../steps'

/** Lines the flood demo writes, each `FLOOD_LINE_BYTES` long: 10 MB in all. */
export const FLOOD_LINES = 200_000
export const FLOOD_LINE_BYTES = 50
const PAD = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** The flood demo's line `n` (1-based), newline included: numbered, so loss and order can be checked. */
export function floodLine(n: number): string {
  return `line ${String(n).padStart(6, '0')}: ${PAD}\n`
}

export const stress: Demo[] = [
  {
    id: 'flood',
    title: '10 MB of output, as fast as a container can write it',
    images: [BUSYBOX],
    // Its recording keeps only the head (demos/recording.ts cuts output at 64 KB).
    steps: [
      dockerRun({
        image: BUSYBOX,
        cmd: ['awk', `BEGIN { for (i = 1; i <= ${FLOOD_LINES}; i++) printf "line %06d: ${PAD}\\n", i }`],
      }),
    ],
  },
]
