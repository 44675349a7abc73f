// Interactive shells shown on slides with <ContainerTerminal id>. Like demos, the browser only
// names one by id: the image, the command and every flag come from here.
import type { ShellDef } from '../types'
import { BUSYBOX } from '../images'

export const sessions: ShellDef[] = [
  {
    id: 'shell',
    title: 'A shell inside a container',
    container: {
      image: BUSYBOX,
      // PID 1 only keeps the container alive; the shell is a `docker exec` beside it.
      cmd: ['sleep', 'infinity'],
      hostname: 'box',
      user: 'speaker',
      env: { HOME: '/home/speaker', PS1: '\\u@\\h:\\w\\$ ', TERM: 'xterm-256color' },
      // Read-only root filesystem: only the home directory and /tmp are writable (tmpfs).
      tmpfs: ['/home/speaker', '/tmp'],
      memoryMb: 64,
      pids: 64,
      cpus: 0.5,
      showFlags: [
        '--read-only',
        '--cap-drop',
        'ALL',
        '--security-opt',
        'no-new-privileges',
        '--network',
        'none',
      ],
    },
    shell: ['sh'],
    workdir: '/home/speaker',
    idleTimeoutSec: 300,
    // What the speaker tries live (pages/live-shell.md), replayed offline and printed in the PDF.
    recordScript: [
      'id',
      'hostname',
      'ps',
      'touch /etc/x',
      'touch ~/notes && ls ~',
      'echo $((6*7))',
      'exit',
    ],
  },
]
