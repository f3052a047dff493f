// State shared by every emulated service: the live world, options, signing keys, the hosts' URLs and the
// records tests read back. Services get this object and read from it at request time.
import type { SigningKey } from './jwt.js'
import type { DataPlaneAnswer, IssuedToken } from './journal.js'
import type { DataPlaneKind } from './names.js'
import type { Account, World } from './world/types.js'
import type { ReadLag } from './services/arm/authorization/read-lag.js'

export interface EmulatorOptions {
  /** Shape the default world before the servers start. */
  world?: (world: World) => void
  /** Lifetime of GitHub OIDC ID tokens (GitHub: about 300). 0 or less issues already-expired tokens. */
  githubTokenLifetimeSeconds?: number
  /** Lifetime of Entra access tokens (default 3600). */
  entraTokenLifetimeSeconds?: number
  /** How long after an assignment is created the data plane starts honouring it (default 0). */
  propagationDelayMs?: number
  /** Added to every ARM answer, for benchmarks (default 0). */
  armLatencyMs?: number
  /**
   * Added to every answer of every service (GitHub, Entra ID, Resource Manager, Graph, data plane), for the latency
   * benchmark: what a hosted runner waits for each round trip (default 0). Adds to armLatencyMs.
   */
  answerDelayMs?: number
  /**
   * How Entra reports an assertion no federated credential matches: 'combined' (AADSTS70021, default) or
   * 'specific' (AADSTS700211 issuer, AADSTS700213 subject, AADSTS700212 audience).
   */
  federationErrors?: 'combined' | 'specific'
  /**
   * The api-versions Resource Manager serves for Microsoft.CognitiveServices in this cloud (default null: every
   * version the emulator knows). A cloud that lags, e.g. `['2024-10-01', '2023-05-01']`: any other version is
   * `400 NoRegisteredProviderFound` listing the served ones, a type served in none (Foundry projects before
   * 2025-04-01-preview) `404 InvalidResourceType`, and the provider document lists only these. Live: a change
   * takes effect on the next request.
   */
  cognitiveServicesApiVersions?: string[] | null
  /**
   * Host-name mode (default false): every advertised endpoint is a `https://<name>.azure.test` URL (port 443)
   * that no DNS resolves, so clients reach the emulator only through its proxy (`urls.proxy`), and
   * runnerEnv() sets HTTPS_PROXY. Fixed at start-up.
   */
  hostnames?: boolean
  /**
   * Also stand for `login.microsoftonline.com` (default false): the proxy tunnels `CONNECT
   * login.microsoftonline.com:443` to the emulated Entra host, and the certificate covers the name. For clients
   * such as the Azure CLI, whose MSAL asks that host for instance discovery whatever cloud it was given. Off,
   * the proxy refuses the name (502), so a client that reaches for the public cloud fails. Fixed at start-up.
   */
  publicLogin?: boolean
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'world' | 'hostnames' | 'publicLogin'>>

export interface Urls {
  github: string
  login: string
  arm: string
  graph: string
  /** The managed-identity endpoints (IMDS and App Service's), `https://127.0.0.1:P`; never behind a host name. */
  identity: string
  /** The CONNECT proxy, `http://127.0.0.1:P` (in both modes). */
  proxy: string
}

export interface Context {
  world: World
  options: ResolvedOptions
  keys: { github: SigningKey; entra: SigningKey; kubernetes: SigningKey }
  urls: Urls
  issuedTokens: IssuedToken[]
  dataPlaneAnswers: DataPlaneAnswer[]
  /** How far role-assignment reads lag writes (emulator.lagReads). */
  readLag: ReadLag
  /** Whether the emulator advertises `.azure.test` host names (see EmulatorOptions.hostnames). */
  hostnames: boolean
  /** Whether the emulated Entra host also stands for `login.microsoftonline.com` (EmulatorOptions.publicLogin). */
  publicLogin: boolean
  /**
   * The account's own data-plane URL, starting its listener on first use: `https://127.0.0.1:Q` for every
   * kind, or in host-name mode `https://<label>.cognitiveservices.azure.test` (`.openai.`, `.services.ai.`).
   */
  dataPlaneUrl(account: Account, kind?: DataPlaneKind): Promise<string>
  /** The account behind a data-plane port, looked up in the live world. */
  accountForPort(port: number): Account | undefined
  /** The account behind a data-plane host name (`<label>.openai.azure.test`, ...), in the live world. */
  accountForHost(hostname: string): Account | undefined
}
