// An HTTP CONNECT proxy on 127.0.0.1, standing for a runner's corporate proxy. It tunnels `CONNECT host:port`
// to the emulator host that stands for that name (or that loopback port) and journals every tunnel it is
// asked for, refused ones included, so tests can prove which requests came through it. Plain-HTTP proxying
// is refused: every emulated host speaks HTTPS.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { ServiceName } from './http.js'
import type { ProxyJournalEntry } from './journal.js'

export interface ProxyTarget {
  /** The loopback port of the emulator host behind the name. */
  port: number
  service: ServiceName
}

/** Where a CONNECT target goes; undefined means "no such host" (502). */
export type ProxyResolver = (host: string, port: number) => Promise<ProxyTarget | undefined>

function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]/\s]+):(\d{1,5})$/i.exec(authority)
  if (!m) return undefined
  const port = Number(m[2])
  return port > 0 && port < 65536 ? { host: (m[1] ?? '').toLowerCase(), port } : undefined
}

const refusal = (status: number, reason: string, message: string): string =>
  `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(message)}\r\nconnection: close\r\n\r\n${message}`

export class ConnectProxy {
  readonly journal: ProxyJournalEntry[]
  readonly #server: Server
  readonly #resolve: ProxyResolver
  readonly #sockets = new Set<Duplex>()
  /** Local port of each open upstream socket -> the tunnel's seq, for hosts to tell proxied requests apart. */
  readonly #tunnelByPort = new Map<number, number>()
  #seq = 0
  port = 0

  constructor(resolve: ProxyResolver, journal: ProxyJournalEntry[]) {
    this.#resolve = resolve
    this.journal = journal
    this.#server = createServer((req, res) => this.#plain(req, res))
    this.#server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.#tunnel(req, socket, head)
    })
    this.#server.on('connection', (socket: Socket) => this.#track(socket))
    this.#server.on('clientError', (_error, socket: Duplex) => socket.destroy())
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    this.port = (this.#server.address() as AddressInfo).port
  }

  /** The seq of the open tunnel whose upstream socket has this local port (a host's view of its client). */
  tunnelOf(clientPort: number | undefined): number | undefined {
    return clientPort === undefined ? undefined : this.#tunnelByPort.get(clientPort)
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()))
    this.#server.closeAllConnections()
    for (const socket of this.#sockets) socket.destroy()
    this.#tunnelByPort.clear()
    await closed
  }

  #track(socket: Duplex): void {
    this.#sockets.add(socket)
    socket.on('close', () => this.#sockets.delete(socket))
    socket.on('error', () => undefined)
  }

  #entry(method: string, host: string, port: number): ProxyJournalEntry {
    const entry: ProxyJournalEntry = { seq: ++this.#seq, at: Date.now(), method, host, port, status: 0 }
    this.journal.push(entry)
    return entry
  }

  async #tunnel(req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    this.#track(client)
    const authority = req.url ?? ''
    const parsed = parseAuthority(authority)
    const entry = this.#entry('CONNECT', parsed?.host ?? authority, parsed?.port ?? 0)
    const refuse = (status: number, reason: string, message: string): void => {
      entry.status = status
      if (!client.destroyed) client.end(refusal(status, reason, message))
    }
    if (!parsed) return refuse(400, 'Bad Request', `CONNECT needs host:port, not '${authority}'\n`)
    const target = await this.#resolve(parsed.host, parsed.port).catch(() => undefined)
    if (!target) return refuse(502, 'Bad Gateway', `No emulated host answers to ${authority}\n`)
    const upstream = connect(target.port, '127.0.0.1')
    this.#track(upstream)
    let boundPort: number | undefined
    upstream.once('connect', () => {
      boundPort = upstream.localPort
      if (boundPort !== undefined) this.#tunnelByPort.set(boundPort, entry.seq)
      entry.status = 200
      entry.target = `127.0.0.1:${target.port}`
      entry.service = target.service
      if (client.destroyed) {
        upstream.destroy()
        return
      }
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.once('error', () => {
      if (entry.status === 0) refuse(502, 'Bad Gateway', `${authority} refused the connection\n`)
    })
    upstream.once('close', () => {
      if (boundPort !== undefined && this.#tunnelByPort.get(boundPort) === entry.seq)
        this.#tunnelByPort.delete(boundPort)
      client.destroy()
    })
    client.once('close', () => upstream.destroy())
  }

  #plain(req: IncomingMessage, res: ServerResponse): void {
    let host = req.headers.host ?? ''
    let port = 80
    try {
      const url = new URL(req.url ?? '', `http://${host || 'unknown'}`)
      host = url.hostname
      port = Number(url.port || 80)
    } catch {
      // a request line that is no URL at all: journal it with the Host header as it came
    }
    const entry = this.#entry(req.method ?? 'GET', host, port)
    entry.status = 501
    const message = 'This proxy only tunnels (CONNECT): every emulated host speaks HTTPS.\n'
    res.writeHead(501, { 'content-type': 'text/plain', connection: 'close' })
    res.end(message)
  }
}
