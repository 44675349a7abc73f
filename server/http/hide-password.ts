import type { ServerResponse } from 'node:http'
import { Buffer } from 'node:buffer'
// An answer to a client that has not proven the presenter secret must not carry Slidev's
// `--remote` password, wherever Vite put it: it is replaced as the answer is written.
import { randomBytes } from 'node:crypto'

/** The password's spellings in an answer (as is, inside JSON, in a URL), each with a stand-in of its byte length. */
function spellings(password: string): [Buffer, Buffer][] {
  const forms = new Set([
    password,
    JSON.stringify(password).slice(1, -1),
    encodeURIComponent(password),
  ])
  return [...forms].map((form) => {
    const bytes = Buffer.from(form)
    return [
      bytes,
      Buffer.from(randomBytes(bytes.length).toString('base64url').slice(0, bytes.length)),
    ]
  })
}

function replaced(chunk: Buffer, from: Buffer, to: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (let i = chunk.indexOf(from); i >= 0; i = chunk.indexOf(from, at)) {
    parts.push(chunk.subarray(at, i), to)
    at = i + from.length
  }
  parts.push(chunk.subarray(at))
  return Buffer.concat(parts)
}

/** Replaces the password in whatever this answer writes; such an answer is neither cached nor validated. */
export function hidePassword(res: ServerResponse, password: string): void {
  const forms = spellings(password)
  const clean = (chunk: unknown, encoding: unknown): unknown => {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array))
      return chunk
    let bytes: Buffer = typeof chunk === 'string'
      ? Buffer.from(chunk, typeof encoding === 'string'
          ? encoding as BufferEncoding
          : 'utf8')
      : Buffer.from(chunk)
    if (!forms.some(([from]) => bytes.includes(from)))
      return chunk
    for (const [from, to] of forms) bytes = replaced(bytes, from, to)
    if (!res.headersSent) {
      res.removeHeader('Etag')
      res.setHeader('Cache-Control', 'no-store')
    }
    return bytes
  }
  const { write, end } = res
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    return (write as (...args: unknown[]) => boolean).call(this, clean(chunk, rest[0]), ...rest)
  } as typeof res.write
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    return (end as (...args: unknown[]) => ServerResponse).call(this, clean(chunk, rest[0]), ...rest)
  } as typeof res.end
}
