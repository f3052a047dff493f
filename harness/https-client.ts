// A tiny HTTPS client for tests that trusts the emulator's CA explicitly (no global TLS changes), and can go
// through an HTTP CONNECT proxy (the emulator's, for its host-name mode).
import { request as plainRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

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
  /** An HTTP proxy URL (`http://127.0.0.1:P`) to tunnel through with CONNECT. */
  proxy?: string
}

/** Opens a CONNECT tunnel to the URL's host and port; rejects with the proxy's status when it refuses. */
export function tunnel(proxy: string, target: string, timeoutMs = 10_000): Promise<Socket> {
  const p = new URL(proxy)
  const t = new URL(target)
  return new Promise((resolve, reject) => {
    const req = plainRequest({
      host: p.hostname,
      port: p.port,
      method: 'CONNECT',
      path: `${t.hostname}:${t.port || 443}`,
      agent: false,
      timeout: timeoutMs
    })
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket)
      socket.destroy()
      reject(new Error(`proxy answered ${res.statusCode ?? 0} to CONNECT ${t.hostname}:${t.port || 443}`))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
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
  const timeout = options.timeoutMs ?? 10_000
  const socket = options.proxy === undefined ? undefined : tunnel(options.proxy, url, timeout)
  return (socket ?? Promise.resolve(undefined)).then((tunnelled) =>
    send(url, options, headers, body, tunnelled)
  )
}

function send(
  url: string,
  options: HttpOptions,
  headers: Record<string, string>,
  body: string | undefined,
  tunnelled: Socket | undefined
): Promise<HttpResult> {
  const host = new URL(url).hostname
  // SNI carries names only; an address is checked against the certificate's IP entries through `host`.
  const servername = isIP(host) === 0 ? host : undefined
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        ca: options.ca,
        timeout: options.timeoutMs ?? 10_000,
        ...(tunnelled === undefined
          ? { agent: false }
          : { createConnection: () => tlsConnect({ socket: tunnelled, host, servername, ca: options.ca }) })
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
