// The one binary every demo image is built from. It must be statically linked (there is no libc in
// a FROM scratch image) and built for the engine's architecture.
import { Buffer } from 'node:buffer'
import { access, open } from 'node:fs/promises'

const CANDIDATES = ['/bin/busybox', '/usr/bin/busybox', '/usr/lib/busybox/busybox']

/** True when the ELF file has no PT_INTERP header, i.e. needs no dynamic loader. */
export async function isStaticElf(path: string): Promise<boolean> {
  const file = await open(path, 'r')
  try {
    const header = Buffer.alloc(64)
    await file.read(header, 0, 64, 0)
    if (header.readUInt32BE(0) !== 0x7F454C46)
      return false
    const is64 = header[4] === 2
    const little = header[5] === 1
    const u16 = (o: number): number => little
      ? header.readUInt16LE(o)
      : header.readUInt16BE(o)
    const phoff = is64
      ? Number(little
          ? header.readBigUInt64LE(32)
          : header.readBigUInt64BE(32))
      : (little
          ? header.readUInt32LE(28)
          : header.readUInt32BE(28))
    const phentsize = u16(is64 ? 54 : 42)
    const phnum = u16(is64 ? 56 : 44)
    const table = Buffer.alloc(phentsize * phnum)
    await file.read(table, 0, table.length, phoff)
    for (let i = 0; i < phnum; i++) {
      const type = little
        ? table.readUInt32LE(i * phentsize)
        : table.readUInt32BE(i * phentsize)
      if (type === 3)
        return false // PT_INTERP
    }
    return true
  }
  finally {
    await file.close()
  }
}

export async function findStaticBusybox(): Promise<string> {
  for (const path of CANDIDATES) {
    try {
      await access(path)
      if (await isStaticElf(path))
        return path
    }
    catch {}
  }
  throw new Error(
    'No statically linked busybox found. On Debian/Ubuntu: `sudo apt-get install busybox-static`; '
    + 'elsewhere, on an engine that can pull, npm run demos:prepare takes it from the pinned busybox image.',
  )
}
