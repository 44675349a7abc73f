import type { AddressInfo } from 'node:net'
// A plain static file server, as any static host is: files as they are, nothing else, no API.
// An unknown path gets the folder's 404.html with status 404, as GitHub Pages answers.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

export async function serveStatic(dir: string): Promise<{ url: string, close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(dir, path.endsWith('/')
      ? `${path}index.html`
      : path)
    readFile(file).then(
      body => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => readFile(join(dir, '404.html')).then(
        body => res.writeHead(404, { 'content-type': TYPES['.html']! }).end(body),
        () => res.writeHead(404).end(),
      ),
    )
  })
  server.listen(0, '127.0.0.1')
  await new Promise(resolve => server.once('listening', resolve))
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise(resolve => server.close(() => resolve())),
  }
}
