// The small request/response model every emulated service works with: handlers are plain functions
// from a parsed request to a response, so the HTTPS plumbing (journal, faults, latency) lives in one place.
import { randomUUID } from 'node:crypto'

export type ServiceName = 'github' | 'login' | 'arm' | 'graph' | 'identity' | 'dataplane'

export interface EmuRequest {
  service: ServiceName
  method: string
  /** Percent-decoded path, without the query string. */
  path: string
  /** Raw request target as sent (path and query, undecoded). */
  url: string
  query: URLSearchParams
  headers: Record<string, string>
  body: string
  /** The port the request came in on (a port stands for a host). */
  port: number
  /** The host name the client asked for: the Host header without port, lower-cased ('' without one). */
  hostname: string
  /** The TLS server name (SNI) the client sent, lower-cased ('' without one: clients send none for IPs). */
  servername: string
}

export interface EmuResponse {
  status: number
  headers?: Record<string, string>
  /** Objects are sent as JSON; strings as they are; undefined as an empty body. */
  body?: unknown
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return { status, body, headers }
}

export function bearerToken(req: EmuRequest): string | undefined {
  const auth = req.headers['authorization'] ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(auth.trim())
  return match?.[1]
}

/** ARM-style error body, `{"error":{"code","message"}}`. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {}
): EmuResponse {
  return json(status, { error: { code, message } }, headers)
}

/** A JSON request body as ARM reads it: the parsed value, or ARM's 400 InvalidRequestContent. */
export function armJsonBody<T>(raw: string): { body: T } | { refused: EmuResponse } {
  try {
    return { body: JSON.parse(raw) as T }
  } catch (error) {
    return {
      refused: armError(
        400,
        'InvalidRequestContent',
        `The request content was invalid and could not be deserialized: '${String(error)}'.`
      )
    }
  }
}

export function requestId(req: EmuRequest): string {
  return req.headers['x-ms-client-request-id'] ?? req.headers['client-request-id'] ?? randomUUID()
}

export function encodeBody(body: unknown): string {
  if (body === undefined) return ''
  return typeof body === 'string' ? body : JSON.stringify(body)
}
