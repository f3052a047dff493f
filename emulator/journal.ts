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
  faultKind?: 'response' | 'reset' | 'delay' | 'lost'
  /** A `lost` fault: the status the emulator would have answered after acting (`status` stays 0: none was sent). */
  lostStatus?: number
  /**
   * Set when a hold (emulator.hold) kept the request: where, how long, and whether it then went on or its
   * connection was dropped (`reset`: at `request` the emulator never acted on it; at `response` it did).
   */
  held?: { at: 'request' | 'response'; ms: number; outcome: 'continue' | 'reset' }
  /** The seq of the proxy tunnel (ProxyJournalEntry) the request came through; absent for a direct request. */
  tunnel?: number
}

/** One request to the emulator's proxy: a CONNECT tunnel, or a refused plain-HTTP request. */
export interface ProxyJournalEntry {
  seq: number
  /** When the proxy was asked (ms since the epoch). */
  at: number
  /** CONNECT, or the method of a plain-HTTP proxy request (refused with 501). */
  method: string
  /** The host name or address asked for, lower-cased. */
  host: string
  port: number
  /** 200 tunnel open, 400 malformed target, 502 unknown or unreachable host, 501 plain HTTP; 0 while connecting. */
  status: number
  /** The loopback address the tunnel went to (`127.0.0.1:Q`); absent when refused. */
  target?: string
  /** The emulated service behind the target. */
  service?: ServiceName
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
  /** The account's resource ID; for a Foundry project route, the project's (`.../accounts/{a}/projects/{p}`). */
  accountId: string
  principalId?: string
  method: string
  path: string
  status: number
  code?: string
}
