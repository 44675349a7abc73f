// Looks at the real engine the way a speaker would with `docker ps -a`.
import { createDocker } from '../../server/engine'
import { managedFilter } from '../../server/labels'

export const docker = createDocker()

export async function managedObjects(): Promise<{ containers: number, networks: number, volumes: number }> {
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters: managedFilter }),
    docker.listNetworks({ filters: managedFilter }),
    docker.listVolumes({ filters: managedFilter }),
  ])
  return { containers: containers.length, networks: networks.length, volumes: volumes.Volumes?.length ?? 0 }
}
