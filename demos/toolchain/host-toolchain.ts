// The toolbox image's bash and C toolchain, taken from this machine: no registry serves a gcc image
// here, so the Debian packages installed on the host are staged into the build context as a root
// filesystem tree. Only what compiling and linking C needs goes in (no docs, no LTO, no sanitizers).
import { Buffer } from 'node:buffer'
import { execFile } from 'node:child_process'
import { copyFile, link, lstat, mkdir, open, readlink, realpath, stat, symlink } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import process from 'node:process'
import { promisify } from 'node:util'

const exec = promisify(execFile)

/** Files of those packages a C compile never touches; most of the size of gcc and libc6-dev. */
const UNNEEDED = new RegExp([
  String.raw`^/usr/share/`,
  String.raw`/(?:lto1|lto-wrapper|[\w-]*lto-dump[\w-]*)$`,
  String.raw`gcov`,
  String.raw`/lib[a-z]*san[\w.]*$`,
  String.raw`/lib(?:gomp|itm|quadmath|atomic|backtrace)[\w.]*$`,
  // The gold linker, the gprofng profiler and the DWARF packager (gold and gprofng pull in libstdc++).
  String.raw`gold|gprofng|/[\w.-]*(?:gp-[\w-]+|dwp)$`,
  // GCC plugins and libcc1 (gdb's `compile` command): C++ code that pulls in libstdc++.
  String.raw`/gcc/[^/]+/[^/]+/plugin/|/libcc1\.`,
  String.raw`/gconv/`,
  String.raw`/audit/`,
  // Static archives of libc: a hello world links dynamically; only the *_nonshared parts are needed.
  String.raw`/lib(?:[cgm]|mvec|pthread|dl|rt|resolv|util|anl|mcheck|BrokenLocale)(?:-[\d.]+)?\.a$`,
  String.raw`/sbin/`,
  String.raw`/bin/(?:ld\.so|getconf|iconv|locale|localedef|pldd|sprof|gencat|getent|ldd|tzselect|zdump)$`,
].join('|'))

async function output(cmd: string, args: string[]): Promise<string> {
  return (await exec(cmd, args, { maxBuffer: 16 * 1024 * 1024 })).stdout
}

/** The packages that make up bash and the host's default gcc, by the names Debian gives them. */
async function toolchainPackages(): Promise<string[]> {
  const version = (await output('gcc', ['-dumpversion'])).trim()
  const triplet = (await output('gcc', ['-dumpmachine'])).trim()
  return [
    'bash',
    'gcc',
    `gcc-${version}`,
    'cpp',
    `cpp-${version}`,
    'binutils',
    `binutils-${triplet.replaceAll('_', '-')}`,
    'libc6',
    'libc6-dev',
    `libgcc-${version}-dev`,
    'libgcc-s1',
  ]
}

async function isElf(path: string): Promise<boolean> {
  const file = await open(path, 'r')
  try {
    const magic = Buffer.alloc(4)
    await file.read(magic, 0, 4, 0)
    return magic.readUInt32BE(0) === 0x7F454C46
  }
  finally {
    await file.close()
  }
}

/** Shared libraries (and the dynamic loader) the ELF files load, as `ldd` resolves them. */
async function sharedLibraries(files: string[]): Promise<string[]> {
  if (files.length === 0)
    return []
  // ldd exits non-zero when one of the files is static (it says so on stderr); its output still
  // lists the others. Anything else on stderr is ldd failing, and an image built without the
  // libraries would fail only when a demo runs.
  const text = await output('ldd', files).catch((e: { stdout?: string, stderr?: string }) => {
    const failure = (e.stderr ?? '').split('\n').filter(l => l.trim() && !/not a dynamic executable/.test(l))
    if (failure.length)
      throw new Error(`ldd failed: ${failure.join(' ')}`)
    return e.stdout ?? ''
  })
  const libs = new Set<string>()
  for (const line of text.split('\n')) {
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s+(\/\S+)\s+\(0x/.exec(line)
    if (m)
      libs.add(m[1]!)
  }
  return [...libs]
}

/** Where a host path lands in the image: its directory resolved (merged /usr), its name kept. */
async function placeOf(path: string): Promise<string> {
  return join(await realpath(dirname(path)), path.slice(dirname(path).length + 1))
}

/**
 * Writes the toolchain into `root` as a filesystem tree (usr/bin/gcc, usr/lib/...), symlinks kept
 * as symlinks. Top-level directories that are symlinks on the host (/lib -> usr/lib on merged-/usr
 * systems) become the same symlinks, so paths baked into binaries (/lib64/ld-linux-x86-64.so.2) resolve.
 */
export async function stageHostToolchain(root: string): Promise<void> {
  if (process.platform !== 'linux')
    throw new Error('talk/toolbox copies bash and gcc from a Debian/Ubuntu host; on this machine it cannot be built (its demos replay their recordings).')
  let listed: string
  try {
    listed = await output('dpkg-query', [
      '-L',
      ...await toolchainPackages(),
    ])
  }
  catch (err) {
    throw new Error(`talk/toolbox needs bash and gcc installed from Debian packages (apt-get install gcc): ${(err as Error).message.split('\n')[0]}`)
  }
  const wanted = new Set<string>()
  const executables: string[] = []
  for (const path of listed.split('\n')) {
    if (!path.startsWith('/') || UNNEEDED.test(path))
      continue
    // Directories, also those a symlink stands for (/lib -> usr/lib), are made as their files need them.
    const info = await stat(path).catch(() => undefined)
    if (!info || info.isDirectory())
      continue
    wanted.add(path)
    if ((info.mode & 0o111 || /\.so[.\d]*$/.test(path)) && await isElf(path))
      executables.push(path)
  }
  for (const lib of await sharedLibraries(executables)) wanted.add(lib)
  await placeTree([...wanted], root)
}

/**
 * One program and the shared libraries it loads (from this machine, as ldd finds them), as a tree
 * under `root`, the program at `at` (talk/registry: Debian's docker-registry, unpacked).
 */
export async function stageProgram(program: string, at: string, root: string): Promise<void> {
  await mkdir(dirname(join(root, at)), { recursive: true })
  await copyFile(program, join(root, at))
  await placeTree(await sharedLibraries([program]), root)
}

/** Copies host files into `root` at their places, symlinks kept, merged-/usr links made alike. */
async function placeTree(files: string[], root: string): Promise<void> {
  const placed = new Set<string>()
  const queue = [...files].sort()
  while (queue.length) {
    const path = queue.shift()!
    const place = await placeOf(path)
    if (placed.has(place))
      continue
    placed.add(place)
    const info = await lstat(path).catch(() => undefined)
    // A dangling symlink's target, or a symlink to a directory: nothing to copy.
    if (!info || info.isDirectory())
      continue
    const target = join(root, place)
    await mkdir(dirname(target), { recursive: true })
    if (info.isSymbolicLink()) {
      const pointsTo = await readlink(path)
      await symlink(pointsTo, target)
      // A library named by its soname is a symlink to the real file: bring the file along.
      queue.push(resolve(dirname(place), pointsTo))
    }
    else {
      // A hard link costs nothing and the context is thrown away after the build; across
      // filesystems (or where the kernel protects hard links) the file is copied.
      await link(path, target).catch(() => copyFile(path, target))
    }
  }

  for (const top of ['lib', 'lib32', 'lib64', 'libx32']) {
    const pointsTo = await readlink(`/${top}`).catch(() => undefined)
    if (pointsTo)
      await symlink(pointsTo, join(root, top))
  }
}
