// A tiny HTTPS client for tests that trusts the emulator's CA explicitly (no global TLS changes).
import { request as httpsRequest } from 'node:https'

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: any // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience: bodies are asserted on directly
}

export interface HttpOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | object
  ca: string
  timeoutMs?: number
}

export function httpRequest(url: string, options: HttpOptions): Promise<HttpResult> {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body)
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json'
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        ca: options.ca,
        agent: false,
        timeout: options.timeoutMs ?? 10_000
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown
          try {
            parsed = text ? JSON.parse(text) : undefined
          } catch {
            parsed = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parsed })
        })
        res.on('error', reject)
      }
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}
