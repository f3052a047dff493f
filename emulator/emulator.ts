// startEmulator(): generates the CA and signing keys, shapes the world, starts one HTTPS host per
// emulated service (plus one per account data plane) and hands back the handle tests drive it with.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Context, EmulatorOptions, ResolvedOptions, Urls } from './context.js'
import { FaultQueue, type FaultSpec } from './faults.js'
import { Host, type HostDeps } from './host.js'
import type { ServiceName } from './http.js'
import type { DataPlaneAnswer, IssuedToken, JournalEntry } from './journal.js'
import { createSigningKey } from './jwt.js'
import { renderAssignment } from './services/arm/role-assignment-view.js'
import { dataAccessEffectiveAt } from './services/arm/permissions.js'
import { accountId } from './services/arm/scope.js'
import { armHandler } from './services/arm/index.js'
import { dataPlaneHandler } from './services/dataplane.js'
import { githubHandler, idTokenPath } from './services/github.js'
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
  federationErrors: 'combined'
}

const CHAT_ACTION = 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action'

export class Emulator {
  readonly urls: Urls
  readonly caPem: string
  /** The CA certificate as a file, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string
  /** Live options: changing armLatencyMs or propagationDelayMs takes effect on the next request. */
  readonly options: ResolvedOptions
  readonly journal: JournalEntry[]
  readonly issuedTokens: IssuedToken[]
  readonly dataPlaneAnswers: DataPlaneAnswer[]
  readonly #ctx: Context
  readonly #faults: FaultQueue
  readonly #hosts: Host[]
  readonly #tmpDir: string

  constructor(
    ctx: Context,
    faults: FaultQueue,
    hosts: Host[],
    caPem: string,
    tmpDir: string,
    journal: JournalEntry[]
  ) {
    this.#ctx = ctx
    this.#faults = faults
    this.#hosts = hosts
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

  clearJournal(): void {
    this.journal.length = 0
  }

  injectFault(spec: FaultSpec): void {
    this.#faults.add(spec)
  }

  clearFaults(): void {
    this.#faults.clear()
  }

  /** What a runner gives the step for OIDC, plus the CA to trust. */
  runnerEnv(): Record<string, string> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.urls.github}${idTokenPath(this.#ctx)}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.world.github.requestToken,
      NODE_EXTRA_CA_CERTS: this.caFile
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

  /** The data-plane URL of an account (default: the default account), without trailing slash. */
  async dataPlaneUrl(accountName: string = DEFAULT_IDS.account): Promise<string> {
    const account = this.#account(accountName)
    if (!account) throw new Error(`No account named ${accountName} in the world`)
    return this.#ctx.dataPlaneUrl(account)
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

  async close(): Promise<void> {
    this.#faults.clear()
    await Promise.all(this.#hosts.map((h) => h.close()))
    await rm(this.#tmpDir, { recursive: true, force: true })
  }

  #account(name: string): Account | undefined {
    return this.world.accounts.find((a) => a.name.toLowerCase() === name.toLowerCase())
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const [tls, githubKey, entraKey] = await Promise.all([createTls(), createSigningKey(), createSigningKey()])
  const world = defaultWorld()
  options.world?.(world)
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS }
  for (const key of Object.keys(DEFAULT_OPTIONS) as (keyof ResolvedOptions)[]) {
    if (options[key] !== undefined) Object.assign(resolved, { [key]: options[key] })
  }
  const journal: JournalEntry[] = []
  const faults = new FaultQueue()
  let seq = 0
  const hosts: Host[] = []
  const dataPlanes = new Map<string, Promise<Host>>()
  const portToAccount = new Map<number, string>()

  const deps = (service: ServiceName): HostDeps => ({
    tls,
    faults,
    journal,
    nextSeq: () => ++seq,
    latencyMs: () => (service === 'arm' ? resolved.armLatencyMs : 0)
  })

  const ctx: Context = {
    world,
    options: resolved,
    keys: { github: githubKey, entra: entraKey },
    urls: { github: '', login: '', arm: '', graph: '' },
    issuedTokens: [],
    dataPlaneAnswers: [],
    dataPlaneUrl: async (account) => {
      const key = accountId(account).toLowerCase()
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
      return (await host).url
    },
    accountForPort: (port) => {
      const key = portToAccount.get(port)
      return key === undefined
        ? undefined
        : ctx.world.accounts.find((a) => accountId(a).toLowerCase() === key)
    }
  }

  const services: [ServiceName, Host][] = [
    ['github', new Host('github', githubHandler(ctx), deps('github'))],
    ['login', new Host('login', loginHandler(ctx), deps('login'))],
    ['arm', new Host('arm', armHandler(ctx), deps('arm'))],
    ['graph', new Host('graph', graphHandler(ctx), deps('graph'))]
  ]
  for (const [, h] of services) hosts.push(h)
  await Promise.all(services.map(([, h]) => h.listen()))
  for (const [name, h] of services) if (name !== 'dataplane') ctx.urls[name] = h.url
  await Promise.all(world.accounts.map((a) => ctx.dataPlaneUrl(a)))

  const tmpDir = await mkdtemp(join(tmpdir(), 'azure-emulator-'))
  const emulator = new Emulator(ctx, faults, hosts, tls.caPem, tmpDir, journal)
  await writeFile(emulator.caFile, tls.caPem)
  return emulator
}
