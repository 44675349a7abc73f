import type Docker from 'dockerode'
import type { Refusal } from '../refusal'
// Which objects on the engine are this talk's, and the one act on them the dashboard allows.
import { instance, INSTANCE_LABEL, LABEL } from '../../shared/labels'
import { unless } from '../engine/io'
import { refuse } from '../refusal'

export function isOurs(labels: Record<string, string> | undefined): boolean {
  return labels?.[LABEL] === 'true' && labels?.[INSTANCE_LABEL] === instance
}

const CONTAINER_ID = /^[a-z0-9][\w.-]{0,127}$/i

/** Stops or removes a container, but only one this talk made: the server checks its labels. */
export async function actOnOwnContainer(docker: Docker, id: string, action: 'stop' | 'remove'): Promise<void | Refusal> {
  if (!CONTAINER_ID.test(id))
    return refuse('malformed id', 'malformed container id')
  const container = docker.getContainer(id)
  const missing = refuse('no such container', `no such container: ${id}`)
  let info: Docker.ContainerInspectInfo
  try {
    info = await container.inspect()
  }
  catch (err) {
    // The engine also resolves an id prefix; a prefix of several ids is its error (a 500 before
    // API 1.41), but for us simply no container of that id or name.
    const e = err as { statusCode?: number, json?: { message?: string } }
    if (e.statusCode === 404 || /multiple IDs found/i.test(e.json?.message ?? ''))
      return missing
    throw err
  }
  // Only the exact id or name the dashboard shows: a prefix that happens to be unique is not one.
  if (info.Id !== id && info.Name !== `/${id}`)
    return missing
  if (!isOurs(info.Config.Labels ?? undefined))
    return refuse('not ours', 'refused: this container was not made by this talk')
  // The full id that was inspected and checked, not the name the browser sent: a name can pass
  // to another container between the check and the act, an id cannot.
  const checked = docker.getContainer(info.Id)
  try {
    if (action === 'stop')
      await checked.stop({ t: 2 })
    else await checked.remove({ force: true, v: true })
  }
  catch (err) {
    // 304: already stopped; 404/409: already gone or going.
    unless(304, 404, 409)(err)
  }
}
