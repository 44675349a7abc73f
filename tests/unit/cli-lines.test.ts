import type { Recording } from '../../demos/recording'
import { describe, expect, it } from 'vitest'
import { shellWords } from '../../deck/cli-commands'
import { demoLines, outputWidth, sharedSafety, splitLine } from '../../deck/cli-lines'
import { demosById } from '../../demos/catalog'
import { dockerRun } from '../../demos/steps'

describe('a long CLI line, split as a person would type it', () => {
  const line = `docker run --rm --cap-add SYS_ADMIN --cap-add SYS_CHROOT talk/by-hand sh -c 'echo a; echo b'`

  it('leaves a line that fits alone', () => {
    expect(splitLine('docker run --rm talk/busybox ps', 72)).toEqual(['docker run --rm talk/busybox ps'])
  })

  it('splits before the word that would not fit, ends each part but the last with a backslash, keeps quotes whole', () => {
    const parts = splitLine(line, 40)
    expect(parts).toEqual([
      'docker run --rm --cap-add SYS_ADMIN \\',
      '    --cap-add SYS_CHROOT talk/by-hand \\',
      `    sh -c 'echo a; echo b'`,
    ])
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(40)
    // Pasted into a shell, the parts are the same words.
    expect(shellWords(parts.join('\n').replaceAll(' \\\n', ' '))).toEqual(shellWords(line))
  })
})

describe('the safety flags the server adds, from its policy', () => {
  it('are every hardening flag a plain line does not show', () => {
    expect(dockerRun({
      image: 'talk/busybox',
      cmd: ['ps'],
    }).safety).toEqual([
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--read-only',
      '--network',
      'none',
      '--memory',
      '64m',
      '--memory-swap',
      '64m',
      '--pids-limit',
      '64',
      '--cpus',
      '0.5',
    ])
  })

  it('leave out what the line shows itself: a memory limit with its swap limit, a network, a writable root', () => {
    const step = dockerRun({
      image: 'talk/limits',
      memoryMb: 16,
      network: 'bridge',
      readOnly: false,
      seccomp: 'unconfined',
      cmd: ['eat-memory'],
    })
    expect(step.cli).toBe('docker run --rm --network bridge --security-opt seccomp=unconfined --memory 16m --memory-swap 16m talk/limits eat-memory')
    expect(step.safety).toEqual([
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--pids-limit',
      '64',
      '--cpus',
      '0.5',
    ])
  })

  it('oom-kill shows the swap limit that makes the kill happen on its own line', () => {
    expect(demosById.get('oom-kill')!.steps[0]!.cli).toContain('--memory 16m --memory-swap 16m')
  })

  it('are shown once for a demo whose containers all get the same, per line when they differ', () => {
    const lines = demoLines([
      ...demosById.values(),
    ])
    expect(sharedSafety(lines.ports!)).toBeUndefined()
    expect(sharedSafety(lines['uts-namespace']!)).toEqual(lines['uts-namespace']![0]!.safety)
    expect(sharedSafety(lines['engine-api']!)).toBeUndefined()
  })
})

describe('the terminal columns a demo\'s output needs', () => {
  const recording = (cli: string[], out: string, err = ''): Recording => ({
    format: 1,
    demoId: 'x',
    title: 'x',
    cli,
    engine: 'test',
    recordedAt: '2026-01-01T00:00:00Z',
    durationMs: 1,
    end: {
      event: 'exit',
      data: { code: 0, oomKilled: false, stopped: false },
    },
    truncatedBytes: 0,
    events: [
      {
        t: 0,
        event: 'stdout',
        data: { text: out },
      },
      {
        t: 1,
        event: 'stderr',
        data: { text: err },
      },
    ],
  } as unknown as Recording)

  it('is the widest line printed, on stdout or stderr (the $ lines are split to fit instead)', () => {
    expect(outputWidth(recording(['docker run x'], 'short\na line of twenty ch\n'))).toBe(19)
    expect(outputWidth(recording(['docker run --rm talk/busybox --and-a-long-line'], 'ok\n'))).toBe(2)
    expect(outputWidth(recording(['a'], '', `${'e'.repeat(40)}\n`))).toBe(40)
  })

  it('stops at a width no font would make readable', () => {
    expect(outputWidth(recording(['a'], 'x'.repeat(400)))).toBe(110)
  })
})
