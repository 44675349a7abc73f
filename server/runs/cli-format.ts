// Engine answers printed the way the docker CLI prints them, so a demo's output on the slide is
// what the audience would see typing its CLI line.

/** One row of `GET /images/{name}/history`, newest layer first. */
export interface HistoryRow { CreatedBy: string, Size: number }

/** One entry of `GET /containers/{id}/changes`. */
export interface Change { Path: string, Kind: number }

/**
 * go-units HumanSizeWithPrecision(size, 3): decimal units, three significant digits ("1.98MB");
 * `precision` 4 is go-units HumanSize, what prune reports use.
 */
export function humanSize(bytes: number, precision = 3): string {
  return scaled(bytes, 1000, ['B', 'kB', 'MB', 'GB', 'TB'], precision)
}

/** `bytes` in the largest unit it reaches (each `base` times the one before), `precision` significant digits. */
function scaled(bytes: number, base: number, units: readonly string[], precision: number): string {
  let size = bytes
  let unit = 0
  while (size >= base && unit < units.length - 1) {
    size /= base
    unit++
  }
  return `${Number(size.toPrecision(precision))}${units[unit]}`
}

/** The CLI's truncation of long cells (stringutils.Ellipsis): at most `max` characters, the last one "…". */
export function ellipsis(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max
    ? text
    : `${chars.slice(0, max - 1).join('')}…`
}

/** Go's text/tabwriter as the CLI sets it up for tables: columns padded to the widest cell plus 3. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map(r => [...r[col]!].length)))
  return `${rows.map(r => r.map((cell, col) => col === r.length - 1
    ? cell
    : cell.padEnd(widths[col]! + 3)).join('').trimEnd()).join('\n')}\n`
}

/** `docker history --format 'table {{.CreatedBy}}\t{{.Size}}'`: tabs shown as spaces, cells cut at 45. */
export function historyTable(rows: HistoryRow[]): string {
  return table([
    ['CREATED BY', 'SIZE'],
    ...rows.map(r => [
      ellipsis(r.CreatedBy.replaceAll('\t', ' ').trim(), 45),
      humanSize(r.Size),
    ]),
  ])
}

/** `docker container prune`: the ids it deleted, then the space it reclaimed. */
export function pruneReport(deleted: string[], spaceReclaimed: number): string {
  const list = deleted.length
    ? `Deleted Containers:\n${deleted.map(id => `${id}\n`).join('')}\n`
    : ''
  return `${list}Total reclaimed space: ${humanSize(spaceReclaimed, 4)}\n`
}

/**
 * `docker diff`: A added, C changed, D deleted, one path per line. Sorted by path: the engine
 * walks the layer in no fixed order, and a slide (and its recording) should read the same each run.
 */
export function diffLines(changes: Change[] | null): string {
  return [
    ...changes ?? [],
  ].sort((a, b) => a.Path < b.Path
    ? -1
    : a.Path > b.Path
      ? 1
      : 0).map(c => `${'CAD'[c.Kind] ?? '?'} ${c.Path}\n`).join('')
}

/** A value as a Go template prints it with `{{.Field}}`: slices as `[a b]`, nil as `<no value>`. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined)
    return '<no value>'
  if (Array.isArray(value))
    return `[${value.map(goValue).join(' ')}]`
  if (typeof value === 'object')
    return `map[${Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`
  return String(value)
}

/** The value at a dotted path such as `Config.Cmd`, as `{{.Config.Cmd}}` finds it. */
export function fieldAt(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown> | null | undefined)?.[key], object)
}

/** go-units BytesSize: binary units, `%.4g` ("1.219MiB", "64MiB"), as `docker stats` prints memory. */
export function bytesSize(bytes: number): string {
  return scaled(bytes, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB'], 4)
}

/** The parts of `GET /containers/{id}/stats?stream=false` the CLI's stats table reads. */
export interface StatsSample {
  name: string
  cpu_stats: { cpu_usage: { total_usage: number, percpu_usage?: number[] }, system_cpu_usage?: number, online_cpus?: number }
  precpu_stats: { cpu_usage: { total_usage: number }, system_cpu_usage?: number }
  memory_stats: { usage?: number, limit?: number, stats?: Record<string, number> }
  pids_stats?: { current?: number }
}

/**
 * `docker stats --no-stream --format 'table {{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.PIDs}}'`:
 * CPU as a share of the host's CPUs over the sampling interval, memory without the page cache the
 * kernel can drop (inactive files), as the CLI computes them.
 */
export function statsTable(samples: StatsSample[]): string {
  return table([
    [
      'NAME',
      'CPU %',
      'MEM USAGE / LIMIT',
      'PIDS',
    ],
    ...samples.map((s) => {
      const cpu = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage
      const system = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0)
      const cpus = s.cpu_stats.online_cpus || s.cpu_stats.cpu_usage.percpu_usage?.length || 1
      const percent = cpu > 0 && system > 0
        ? cpu / system * cpus * 100
        : 0
      const usage = s.memory_stats.usage ?? 0
      const inactive = s.memory_stats.stats?.total_inactive_file ?? s.memory_stats.stats?.inactive_file ?? 0
      const memory = inactive < usage
        ? usage - inactive
        : usage
      return [
        s.name.replace(/^\//, ''),
        `${percent.toFixed(2)}%`,
        `${bytesSize(memory)} / ${bytesSize(s.memory_stats.limit ?? 0)}`,
        String(s.pids_stats?.current ?? 0),
      ]
    }),
  ])
}
