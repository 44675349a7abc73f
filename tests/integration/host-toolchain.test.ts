// The images built from this machine's files (talk/toolbox, talk/registry) take each program's
// shared libraries as ldd lists them. A program staged that way comes with every one of them; a
// static one needs none; and when ldd itself fails the build says so, instead of
// making an image whose programs fail only when a demo runs them.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import process from 'node:process'
import { promisify } from 'node:util'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { stageProgram } from '../../demos/toolchain/host-toolchain'

const run = promisify(execFile)
let root = ''
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'talk-stage-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

it('stages a dynamic program with every library it loads', async () => {
  await stageProgram('/usr/bin/bash', '/usr/bin/bash', root)
  const libraries = [
    ...(await run('ldd', ['/usr/bin/bash'])).stdout.matchAll(/(?:=>\s+|^\s+)(\/\S+)\s+\(0x/gm),
  ].map(m => basename(m[1]!))
  expect(libraries).toContain('libc.so.6')
  const staged = (await run('find', [root, '-printf', '%f\n'])).stdout.split('\n')
  expect(staged).toEqual(expect.arrayContaining(['bash', ...libraries]))
})

it('stages a static program with no libraries', async () => {
  await stageProgram('/bin/busybox', '/bin/busybox', root)
  expect((await run('find', [root, '-name', '*.so*'])).stdout).toBe('')
})

it('says so when ldd fails, instead of staging a program without its libraries', async () => {
  // ldd is a bash script: exported shell options reach it, and nounset stops it.
  process.env.SHELLOPTS = 'nounset'
  try {
    await expect(stageProgram('/usr/bin/bash', '/usr/bin/bash', root)).rejects.toThrow(/^ldd failed: .*unbound variable/)
  }
  finally {
    delete process.env.SHELLOPTS
  }
})
