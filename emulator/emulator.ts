// startEmulator(): generates the CA and signing keys, shapes the world, starts one HTTPS host per
// emulated service (plus one per account data plane) and the CONNECT proxy in front of them, and hands back
// the handle tests drive it with.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Context, EmulatorOptions, ResolvedOptions, Urls } from './context.js'
import { FaultQueue, type FaultSpec } from './faults.js'
import { Host, type HostDeps } from './host.js'
import { Intercepts, type Hold, type HoldSpec, type RequestMatch } from './intercepts.js'
import type { EmuRequest, ServiceName } from './http.js'
import type { DataPlaneAnswer, IssuedToken, JournalEntry, ProxyJournalEntry } from './journal.js'
import { createSigningKey, nowSeconds, signJwt } from './jwt.js'
import {
  accountLabels,
  dataPlaneHostName,
  labelOfHostName,
  PUBLIC_LOGIN_HOST,
  SERVICE_HOST_NAMES,
  serviceForHostName,
  type DataPlaneKind
} from './names.js'
import { ConnectProxy, type ProxyResolver } from './proxy.js'
import { renderAssignment } from './services/arm/authorization/role-assignment-view.js'
import { noLag } from './services/arm/authorization/read-lag.js'
import { dataAccessEffectiveAt } from './services/arm/authorization/permissions.js'
import { accountId, findProject, projectId } from './services/arm/scope.js'
import { projectEndpoint } from './services/arm/projects.js'
import { armHandler } from './services/arm/index.js'
import { dataPlaneHandler } from './services/dataplane.js'
import { DEPLOYMENTS_READ } from './services/foundry.js'
import { githubHandler, idTokenPath } from './services/github.js'
import { APP_SERVICE_IDENTITY_HEADER, identityHandler } from './services/identity.js'
import { graphHandler } from './services/graph.js'
import { loginHandler } from './services/login/index.js'
import { createTls } from './tls.js'
import { issueAccessToken, issueGithubIdToken, type AccessTokenRequest } from './tokens.js'
import { defaultWorld } from './world/default-world.js'
import { DEFAULT_IDS } from './world/ids.js'
import type { Account, World } from './world/types.js'

const DEFAULT_OPTIONS: ResolvedOptions = {
  githubTokenLifetimeSeconds: 300,
  entraTokenLifetimeSeconds: 3600,
  propagationDelayMs: 0,
  armLatencyMs: 0,
  answerDelayMs: 0,
  federationErrors: 'combined',
  cognitiveServicesApiVersions: null
}

const CHAT_ACTION = 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action'

export interface RunnerEnvOptions {
  /** Add HTTPS_PROXY and https_proxy pointing at the emulator's proxy (default: in host-name mode only). */
  proxy?: boolean
}

export class Emulator {
  readonly urls: Urls
  readonly caPem: string
  /** The CA certificate as a file, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string
  /** Live options: changing armLatencyMs, answerDelayMs or propagationDelayMs takes effect on the next request. */
  readonly options: ResolvedOptions
  readonly journal: JournalEntry[]
  readonly issuedTokens: IssuedToken[]
  readonly dataPlaneAnswers: DataPlaneAnswer[]
  /** Every request to the proxy (`urls.proxy`): the tunnels, with the host asked for and where it went. */
  readonly proxyJournal: ProxyJournalEntry[]
  readonly #ctx: Context
  readonly #faults: FaultQueue
  readonly #intercepts: Intercepts
  readonly #hosts: Host[]
  readonly #proxy: ConnectProxy
  readonly #tmpDir: string

  constructor(
    ctx: Context,
    faults: FaultQueue,
    hosts: Host[],
    caPem: string,
    tmpDir: string,
    journal: JournalEntry[],
    proxy: ConnectProxy,
    intercepts: Intercepts
  ) {
    this.#ctx = ctx
    this.#faults = faults
    this.#intercepts = intercepts
    this.#hosts = hosts
    this.#proxy = proxy
    this.proxyJournal = proxy.journal
    this.#tmpDir = tmpDir
    this.urls = ctx.urls
    this.caPem = caPem
    this.caFile = join(tmpDir, 'emulator-ca.pem')
    this.options = ctx.options
    this.journal = journal
    this.issuedTokens = ctx.issuedTokens
    this.dataPlaneAnswers = ctx.dataPlaneAnswers
  }

  /** The live world; change it between runs (services read it at request time). */
  get world(): World {
    return this.#ctx.world
  }

  set world(world: World) {
    this.#ctx.world = world
  }

  /** True in host-name mode (`startEmulator({ hostnames: true })`). */
  get hostnames(): boolean {
    return this.#ctx.hostnames
  }

  /** Empties the request journal and the proxy journal. */
  clearJournal(): void {
    this.journal.length = 0
    this.proxyJournal.length = 0
  }

  injectFault(spec: FaultSpec): void {
    this.#faults.add(spec)
  }

  clearFaults(): void {
    this.#faults.clear()
  }

  /**
   * Keeps matching requests waiting until `release()` (or `releaseAfterMs`): at `request` before the emulator
   * acts, at `response` after it acted and before the answer leaves. See intercepts.ts.
   */
  hold(spec: HoldSpec): Hold {
    return this.#intercepts.hold(spec)
  }

  /**
   * Calls `run` the moment a matching request arrives (before holds and faults), e.g. to cancel or kill the
   * action process at that request. Returns a function that removes the hook.
   */
  onRequest(match: RequestMatch, run: (req: EmuRequest) => void, times = Infinity): () => void {
    return this.#intercepts.onRequest(match, run, times)
  }

  /**
   * Role-assignment reads (list, GET) lag writes by `ms`: they leave out what was created and still show what was
   * deleted in the last `ms`, as eventually consistent reads do. `lagReads(0)` ends it. See read-lag.ts.
   */
  lagReads(ms: number): void {
    this.#ctx.readLag.ms = ms
    if (ms <= 0) this.#ctx.readLag.deleted = []
  }

  /** Lets every hold go as a reset and removes every hook. */
  clearIntercepts(): void {
    this.#intercepts.clear()
  }

  /**
   * What a runner gives the step for OIDC, plus the CA to trust; in host-name mode (or with `proxy: true`) also
   * HTTPS_PROXY/https_proxy, as a runner behind a proxy has. `{ proxy: false }` leaves them out.
   */
  runnerEnv(options: RunnerEnvOptions = {}): Record<string, string> {
    const proxy = options.proxy ?? this.hostnames
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.urls.github}${idTokenPath(this.#ctx)}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.world.github.requestToken,
      NODE_EXTRA_CA_CERTS: this.caFile,
      ...(proxy ? { HTTPS_PROXY: this.urls.proxy, https_proxy: this.urls.proxy } : {})
    }
  }

  /**
   * What a self-hosted runner on an Azure VM has for `auth-type: managed-identity`: the instance metadata service
   * on loopback (AZURE_POD_IDENTITY_AUTHORITY_HOST, which @azure/identity honours for IMDS), or with
   * `appService: true` App Service's identity endpoint (IDENTITY_ENDPOINT and IDENTITY_HEADER).
   */
  managedIdentityEnv(options: { appService?: boolean } = {}): Record<string, string> {
    return options.appService === true
      ? { IDENTITY_ENDPOINT: `${this.urls.identity}/msi/token`, IDENTITY_HEADER: APP_SERVICE_IDENTITY_HEADER }
      : { AZURE_POD_IDENTITY_AUTHORITY_HOST: this.urls.identity }
  }

  /**
   * What AKS workload identity gives a runner pod: a service account token in a file (signed by the cluster's
   * issuer, `world.runner`), and the client, tenant and authority variables. `clientId` defaults to the runner's
   * workload identity (id-runner-aks); `lifetimeSeconds` below 1 writes an expired token.
   */
  async workloadIdentityEnv(
    options: { clientId?: string; lifetimeSeconds?: number } = {}
  ): Promise<Record<string, string>> {
    const now = nowSeconds()
    const runner = this.world.runner
    const token = signJwt(this.#ctx.keys.kubernetes, {
      aud: ['api://AzureADTokenExchange'],
      iss: runner.kubernetesIssuer,
      sub: runner.serviceAccountSubject,
      iat: now,
      nbf: now - 5,
      exp: now + (options.lifetimeSeconds ?? 3600),
      'kubernetes.io': { namespace: 'arc-runners', serviceaccount: { name: 'gh-runner' } }
    })
    const file = join(this.#tmpDir, `service-account-token-${now}-${Math.random().toString(36).slice(2)}`)
    await writeFile(file, token)
    return {
      AZURE_FEDERATED_TOKEN_FILE: file,
      AZURE_CLIENT_ID: options.clientId ?? DEFAULT_IDS.identities.runnerAks.clientId,
      AZURE_TENANT_ID: this.world.tenantId,
      AZURE_AUTHORITY_HOST: this.urls.login
    }
  }

  /** The action's inputs for the default account in the Custom cloud this emulator is. */
  inputs(): Record<string, string> {
    const app =
      this.world.servicePrincipals.find((s) => s.id === DEFAULT_IDS.pipelineApp.objectId) ??
      this.world.servicePrincipals[0]
    const account = this.#account(DEFAULT_IDS.account)
    return {
      'client-id': app?.appId ?? DEFAULT_IDS.pipelineApp.clientId,
      'tenant-id': this.world.tenantId,
      'subscription-id': account?.subscriptionId ?? DEFAULT_IDS.subscriptionId,
      environment: 'Custom',
      'arm-endpoint': this.urls.arm,
      'resource-group': account?.resourceGroup ?? DEFAULT_IDS.resourceGroup,
      'resource-name': account?.name ?? DEFAULT_IDS.account
    }
  }

  /** The live role assignments, as ARM renders them. */
  roleAssignments(): Record<string, unknown>[] {
    return this.world.roleAssignments.map(renderAssignment)
  }

  /** An Entra access token made in-process (e.g. for a fake `az`); recorded like every other token. */
  mintAccessToken(req: AccessTokenRequest): string {
    return issueAccessToken(this.#ctx, req, true)
  }

  /** A GitHub ID token as the OIDC endpoint would issue it (recorded in issuedTokens). */
  githubIdToken(audience: string = DEFAULT_IDS.githubAudience): string {
    return issueGithubIdToken(this.#ctx, audience)
  }

  /**
   * The data-plane URL of an account (default: the default account), without trailing slash. In host-name
   * mode `kind` picks the host (`<label>.cognitiveservices.azure.test`, `.openai.`, `.services.ai.`).
   */
  async dataPlaneUrl(
    accountName: string = DEFAULT_IDS.account,
    kind: DataPlaneKind = 'cognitiveservices'
  ): Promise<string> {
    const account = this.#account(accountName)
    if (!account) throw new Error(`No account named ${accountName} in the world`)
    return this.#ctx.dataPlaneUrl(account, kind)
  }

  /**
   * A Foundry project's endpoint (`properties.endpoints["AI Foundry API"]`), without trailing slash: the
   * account's model-inference host with `/api/projects/{project}`.
   */
  async projectEndpoint(
    projectName: string = DEFAULT_IDS.project,
    accountName: string = DEFAULT_IDS.account
  ): Promise<string> {
    const account = this.#account(accountName)
    const project = account && findProject(account, projectName)
    if (!account || !project) throw new Error(`No project ${accountName}/${projectName} in the world`)
    return projectEndpoint(this.#ctx, account, project)
  }

  /** The ARM ID of an account, or of a project under it, as ARM returns it. */
  resourceId(accountName: string = DEFAULT_IDS.account, projectName?: string): string {
    const account = this.#account(accountName)
    if (!account) throw new Error(`No account named ${accountName} in the world`)
    if (projectName === undefined) return accountId(account)
    const project = findProject(account, projectName)
    if (!project) throw new Error(`No project ${accountName}/${projectName} in the world`)
    return projectId(account, project)
  }

  /** When the principal's data action on the account takes (or took) effect; undefined if never. */
  accessEffectiveAt(
    principalId: string,
    accountName: string = DEFAULT_IDS.account,
    dataAction = CHAT_ACTION
  ): number | undefined {
    const account = this.#account(accountName)
    return account ? dataAccessEffectiveAt(this.#ctx, principalId, accountId(account), dataAction) : undefined
  }

  /** When the principal may read a Foundry project's deployments (the wait's probe); undefined if never. */
  projectAccessEffectiveAt(
    principalId: string,
    projectName: string = DEFAULT_IDS.project,
    accountName: string = DEFAULT_IDS.account
  ): number | undefined {
    return dataAccessEffectiveAt(
      this.#ctx,
      principalId,
      this.resourceId(accountName, projectName),
      DEPLOYMENTS_READ
    )
  }

  async close(): Promise<void> {
    this.#faults.clear()
    this.#intercepts.clear()
    await Promise.all([this.#proxy.close(), ...this.#hosts.map((h) => h.close())])
    await rm(this.#tmpDir, { recursive: true, force: true })
  }

  #account(name: string): Account | undefined {
    return this.world.accounts.find((a) => a.name.toLowerCase() === name.toLowerCase())
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const publicLogin = options.publicLogin === true
  const [tls, githubKey, entraKey, kubernetesKey] = await Promise.all([
    createTls(publicLogin ? [PUBLIC_LOGIN_HOST] : []),
    createSigningKey(),
    createSigningKey(),
    createSigningKey()
  ])
  const world = defaultWorld()
  options.world?.(world)
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS }
  for (const key of Object.keys(DEFAULT_OPTIONS) as (keyof ResolvedOptions)[]) {
    if (options[key] !== undefined) Object.assign(resolved, { [key]: options[key] })
  }
  const hostnames = options.hostnames === true
  const journal: JournalEntry[] = []
  const faults = new FaultQueue()
  const intercepts = new Intercepts()
  let seq = 0
  const hosts: Host[] = []
  const dataPlanes = new Map<string, Promise<Host>>()
  const portToAccount = new Map<number, string>()
  const keyOf = (a: Account): string => accountId(a).toLowerCase()
  const labelOf = (a: Account): string =>
    accountLabels(ctx.world.accounts, keyOf).get(keyOf(a)) ??
    (accountLabels([a], keyOf).get(keyOf(a)) as string)

  /** The listener of an account's data plane, started on first use. */
  const dataPlaneHost = (account: Account): Promise<Host> => {
    const key = keyOf(account)
    let host = dataPlanes.get(key)
    if (!host) {
      host = (async () => {
        const h = new Host('dataplane', dataPlaneHandler(ctx), deps('dataplane'))
        hosts.push(h)
        await h.listen()
        portToAccount.set(h.port, key)
        return h
      })()
      dataPlanes.set(key, host)
    }
    return host
  }

  /**
   * Where the proxy sends `CONNECT host:port`: an emulator port, in host-name mode one of its names on 443, and
   * with `publicLogin` `login.microsoftonline.com:443` (the Entra host).
   */
  const resolve: ProxyResolver = async (host, port) => {
    if (host === '127.0.0.1' || host === 'localhost') {
      const h = hosts.find((x) => x.port === port)
      return h && { port, service: h.service }
    }
    const login = services.find(([name]) => name === 'login')?.[1]
    if (publicLogin && port === 443 && host === PUBLIC_LOGIN_HOST && login)
      return { port: login.port, service: login.service }
    if (!hostnames || port !== 443) return undefined
    const named = serviceForHostName(host)
    const service = named && services.find(([name]) => name === named)?.[1]
    if (service) return { port: service.port, service: service.service }
    const account = ctx.accountForHost(host)
    return account && { port: (await dataPlaneHost(account)).port, service: 'dataplane' }
  }
  const proxy = new ConnectProxy(resolve, [])

  const deps = (service: ServiceName): HostDeps => ({
    tls,
    faults,
    intercepts,
    journal,
    nextSeq: () => ++seq,
    latencyMs: () => resolved.answerDelayMs + (service === 'arm' ? resolved.armLatencyMs : 0),
    tunnelOf: (clientPort) => proxy.tunnelOf(clientPort)
  })

  const ctx: Context = {
    world,
    options: resolved,
    keys: { github: githubKey, entra: entraKey, kubernetes: kubernetesKey },
    urls: { github: '', login: '', arm: '', graph: '', identity: '', proxy: '' },
    issuedTokens: [],
    dataPlaneAnswers: [],
    readLag: noLag(),
    hostnames,
    publicLogin,
    dataPlaneUrl: async (account, kind = 'cognitiveservices') => {
      const host = await dataPlaneHost(account)
      return hostnames ? `https://${dataPlaneHostName(labelOf(account), kind)}` : host.url
    },
    accountForPort: (port) => {
      const key = portToAccount.get(port)
      return key === undefined ? undefined : ctx.world.accounts.find((a) => keyOf(a) === key)
    },
    accountForHost: (hostname) => {
      const label = labelOfHostName(hostname)
      if (label === undefined) return undefined
      const labels = accountLabels(ctx.world.accounts, keyOf)
      return ctx.world.accounts.find((a) => labels.get(keyOf(a)) === label)
    }
  }

  const services: [ServiceName, Host][] = [
    ['github', new Host('github', githubHandler(ctx), deps('github'))],
    ['login', new Host('login', loginHandler(ctx), deps('login'))],
    ['arm', new Host('arm', armHandler(ctx), deps('arm'))],
    ['graph', new Host('graph', graphHandler(ctx), deps('graph'))],
    ['identity', new Host('identity', identityHandler(ctx), deps('identity'))]
  ]
  for (const [, h] of services) hosts.push(h)
  await Promise.all([proxy.listen(), ...services.map(([, h]) => h.listen())])
  for (const [name, h] of services) {
    if (name === 'dataplane') continue
    // Like IMDS at its link-local address, the identity endpoint is never reached by a host name or a proxy.
    ctx.urls[name] = hostnames && name !== 'identity' ? `https://${SERVICE_HOST_NAMES[name]}` : h.url
  }
  ctx.urls.proxy = proxy.url
  await Promise.all(world.accounts.map((a) => ctx.dataPlaneUrl(a)))

  const tmpDir = await mkdtemp(join(tmpdir(), 'azure-emulator-'))
  const emulator = new Emulator(ctx, faults, hosts, tls.caPem, tmpDir, journal, proxy, intercepts)
  await writeFile(emulator.caFile, tls.caPem)
  return emulator
}
