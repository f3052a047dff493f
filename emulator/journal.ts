// What tests and benchmarks read back: every request each host saw, and every token the emulator issued
// (the latter so that a test can scan logs, outputs and summaries for leaked secrets).
import type { Claims } from './jwt.js'
import type { ServiceName } from './http.js'

export interface JournalEntry {
  seq: number
  service: ServiceName
  port: number
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  body: string
  status: number
  responseHeaders: Record<string, string>
  responseBody: string
  startedAt: number
  endedAt: number
  /** True when an injected fault answered (or delayed, or reset) the request. */
  fault: boolean
  faultKind?: 'response' | 'reset' | 'delay'
}

export interface IssuedToken {
  kind: 'github-id-token' | 'entra-access-token'
  token: string
  claims: Claims
  issuedAt: number
  /** True for tokens made by `mintAccessToken` rather than over HTTP. */
  minted?: boolean
}

/** One data-plane answer, kept so that detection latency can be measured against access timelines. */
export interface DataPlaneAnswer {
  at: number
  accountId: string
  principalId?: string
  method: string
  path: string
  status: number
  code?: string
}
