// The project's root folder. This module sits one folder below it, as the server bundle
// (.cache/server.mjs) does, so the same line holds in the sources and in the bundle.
import { resolve } from 'node:path'

export const PROJECT_ROOT = resolve(import.meta.dirname, '..')
