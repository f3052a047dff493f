// One HTTPS listener on 127.0.0.1 standing for one real host. It owns the cross-cutting behaviour all
// services share: journal entries, injected faults, added latency, and a clean shutdown that leaves no
// sockets or timers behind (so jest exits without --forceExit).
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { encodeBody, json, type EmuRequest, type EmuResponse, type ServiceName } from './http.js'
import type { FaultQueue } from './faults.js'
import type { Intercepts } from './intercepts.js'
import type { JournalEntry } from './journal.js'
import type { EmulatorTls } from './tls.js'

export type Handler = (req: EmuRequest) => EmuResponse | Promise<EmuResponse>

export interface HostDeps {
  tls: EmulatorTls
  faults: FaultQueue
  journal: JournalEntry[]
  nextSeq: () => number
  latencyMs: () => number
  /** Holds and hooks (emulator.hold, emulator.onRequest). */
  intercepts?: Intercepts
  /** The proxy tunnel a client socket (by its port) belongs to, if it came through the proxy. */
  tunnelOf?: (clientPort: number | undefined) => number | undefined
}

/** The name in a Host header, without port or brackets, lower-cased. */
function hostnameOf(host: string | undefined): string {
  if (!host) return ''
  try {
    return new URL(`https://${host}`).hostname.toLowerCase()
  } catch {
    return host.toLowerCase()
  }
}

export class Host {
  readonly service: ServiceName
  readonly #server: Server
  readonly #deps: HostDeps
  readonly #handler: Handler
  readonly #sockets = new Set<Socket>()
  readonly #timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()
  port = 0

  constructor(service: ServiceName, handler: Handler, deps: HostDeps) {
    this.service = service
    this.#handler = handler
    this.#deps = deps
    this.#server = createServer({ cert: deps.tls.certPem, key: deps.tls.keyPem }, (req, res) => {
      void this.#handle(req, res)
    })
    this.#server.on('secureConnection', (socket: Socket) => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
    })
    // Client sockets that fail the TLS handshake (e.g. a client not trusting the CA) are not our error.
    this.#server.on('tlsClientError', () => undefined)
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    this.port = (this.#server.address() as AddressInfo).port
  }

  async close(): Promise<void> {
    for (const t of this.#timers) {
      clearTimeout(t.timer)
      t.resolve()
    }
    this.#timers.clear()
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()))
    this.#server.closeAllConnections()
    for (const socket of this.#sockets) socket.destroy()
    await closed
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => (this.#timers.delete(entry), resolve()), ms), resolve }
      this.#timers.add(entry)
    })
  }

  /** Waits out a hold; a reset is journalled as such (no status: no answer was sent). */
  async #hold(
    req: EmuRequest,
    entry: JournalEntry,
    at: 'request' | 'response'
  ): Promise<'continue' | 'reset'> {
    const intercepts = this.#deps.intercepts
    if (!intercepts) return 'continue'
    const started = Date.now()
    const outcome = await (at === 'request' ? intercepts.arrive(req) : intercepts.depart(req))
    if (outcome === undefined) return 'continue'
    entry.held = { at, ms: Date.now() - started, outcome }
    if (outcome === 'reset') entry.endedAt = Date.now()
    return outcome
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now()
    // Looked up before the first await, while the client's socket (and so the proxy's tunnel) is surely open.
    const tunnel = this.#deps.tunnelOf?.(req.socket.remotePort)
    const servername = (req.socket as TLSSocket).servername
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const rawUrl = req.url ?? '/'
    // Appended, not resolved: a target such as `//metadata/endpoints` (the Azure CLI's, for an ARM URL with a
    // trailing slash) is a path, not a host.
    const parsed = rawUrl.startsWith('/')
      ? new URL(`https://127.0.0.1${rawUrl}`)
      : new URL(rawUrl, 'https://127.0.0.1')
    let path = parsed.pathname
    try {
      path = decodeURIComponent(parsed.pathname)
    } catch {
      // keep the raw path: a malformed escape is the client's bug and should show in the journal as sent
    }
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : (v ?? '')
    const emuReq: EmuRequest = {
      service: this.service,
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      url: rawUrl,
      query: parsed.searchParams,
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      port: this.port,
      hostname: hostnameOf(req.headers.host),
      servername: typeof servername === 'string' ? servername.toLowerCase() : ''
    }
    const entry: JournalEntry = {
      seq: this.#deps.nextSeq(),
      service: this.service,
      port: this.port,
      method: emuReq.method,
      path,
      query: Object.fromEntries(parsed.searchParams),
      headers,
      body: emuReq.body,
      status: 0,
      responseHeaders: {},
      responseBody: '',
      startedAt,
      endedAt: 0,
      fault: false,
      ...(tunnel === undefined ? {} : { tunnel })
    }
    this.#deps.journal.push(entry)

    if ((await this.#hold(emuReq, entry, 'request')) === 'reset') {
      req.socket.destroy()
      return
    }
    let response: EmuResponse | undefined
    const fault = this.#deps.faults.take(emuReq)
    if (fault === 'reset') {
      entry.fault = true
      entry.faultKind = 'reset'
      entry.endedAt = Date.now()
      req.socket.destroy()
      return
    }
    if (fault && fault !== 'lost') {
      entry.fault = true
      entry.faultKind = 'delayMs' in fault ? 'delay' : 'response'
      if ('delayMs' in fault) await this.#sleep(fault.delayMs)
      if (fault.status !== undefined)
        response = { status: fault.status, headers: fault.headers, body: fault.body }
      if (entry.faultKind === 'delay' && response) entry.faultKind = 'response'
    }
    if (!response) {
      await this.#sleep(this.#deps.latencyMs())
      try {
        response = await this.#handler(emuReq)
      } catch (error) {
        response = json(500, { error: { code: 'InternalServerError', message: String(error) } })
      }
    }
    if (fault === 'lost') {
      // Acted on, never answered: the client sees a reset connection after the write was made.
      entry.fault = true
      entry.faultKind = 'lost'
      entry.lostStatus = response.status
      entry.endedAt = Date.now()
      req.socket.destroy()
      return
    }
    if ((await this.#hold(emuReq, entry, 'response')) === 'reset') {
      req.socket.destroy()
      return
    }
    if (res.destroyed) return
    const body = encodeBody(response.body)
    const outHeaders: Record<string, string> = {
      ...(typeof response.body === 'object' && response.body !== null
        ? { 'content-type': 'application/json; charset=utf-8' }
        : {}),
      ...(response.headers ?? {})
    }
    entry.status = response.status
    entry.responseHeaders = outHeaders
    entry.responseBody = body
    entry.endedAt = Date.now()
    res.writeHead(response.status, { ...outHeaders, 'content-length': Buffer.byteLength(body) })
    res.end(body)
  }
}
