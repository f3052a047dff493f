// Drives the real Azure CLI (`az`, e.g. Debian's azure-cli 2.45) against the loopback emulator: an isolated
// configuration directory per session, the emulator's CA for Python's requests, and the emulator's proxy for the
// one public name MSAL insists on (`login.microsoftonline.com`, for instance discovery). Used by
// __tests__/cli/fidelity.test.ts and bench/cli.ts.
//
// Debian's azure-cli 2.45 pairs its role module with a newer azure-mgmt-authorization, so `az role assignment
// create`, `az role assignment list` and `az role definition list` crash before sending anything
// (`AttributeError: 'RoleAssignmentsOperations' object has no attribute 'config'`): a CLI packaging bug, not an
// emulator one. Where that happens, `az rest` sends the requests the command would have sent (see `standIns`).
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { access, cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { Emulator } from '../emulator/index.js'
import { DEFAULT_IDS } from '../emulator/index.js'

/** The name the emulator's cloud is registered under. */
export const CLOUD_NAME = 'Emulated'

/** The API version of the requests `az rest` sends in place of a crashing role command (what current CLIs use). */
export const AUTHORIZATION_API_VERSION = '2022-04-01'

/** How Debian's 2.45 fails in role commands: its role module reads `.config`, its SDK has `._config`. */
export const CONFIG_CRASH = /object has no attribute 'config'/

export interface AzResult {
  readonly args: readonly string[]
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** A CLI command that crashed and the `az rest` requests that stood in for it. */
export interface StandIn {
  readonly command: string
  readonly requests: readonly string[]
}

/** A role assignment as ARM (and so the CLI) shows it. */
export interface AssignmentJson {
  id: string
  name: string
  properties: { principalId: string; principalType: string; roleDefinitionId: string; scope: string }
}

async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name)
    try {
      await access(file, constants.X_OK)
      return file
    } catch {
      // not in this directory
    }
  }
  return undefined
}

function spawnText(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (error) => (clearTimeout(timer), reject(error)))
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })))
  })
}

export type AzureCliAvailability = { readonly path: string } | { readonly missing: string }

/**
 * Finds `az` on PATH, and installs nothing: tests and benchmarks never install system packages (.ci/run installs
 * Debian's azure-cli before the tests). On Windows, where `az` is a batch file that cannot be spawned without a
 * shell, the CLI tests say they are skipped.
 */
export async function findAzureCli(): Promise<AzureCliAvailability> {
  if (process.platform === 'win32') {
    return {
      missing: "the Azure CLI tests drive 'az' on Linux and macOS only (on Windows it is a batch file)"
    }
  }
  const found = await onPath('az')
  if (found) return { path: found }
  return { missing: "'az' is not on PATH" }
}

/** A dollar sign for the shell-less argument lists below (`$filter`). */
const FILTER = '$filter'

export interface AzureCliOptions {
  /** A configuration directory to start from (copied), e.g. one with the cloud already registered. */
  readonly template?: string
  /** Role commands already known to crash in this CLI (from another session): go straight to `az rest`. */
  readonly crashing?: Iterable<RoleCommand>
}

export type RoleCommand = 'role assignment create' | 'role assignment list'

/** One Azure CLI "machine": its own AZURE_CONFIG_DIR, talking to one emulator. */
export class AzureCli {
  readonly emulator: Emulator
  readonly configDir: string
  /** Every command run, in order, with its timing. */
  readonly log: AzResult[] = []
  /** The commands that crashed and were replaced by `az rest` requests. */
  readonly standIns: StandIn[] = []
  readonly #crashing: Set<RoleCommand>

  private constructor(emulator: Emulator, configDir: string, crashing: Iterable<RoleCommand>) {
    this.emulator = emulator
    this.configDir = configDir
    this.#crashing = new Set(crashing)
  }

  static async create(emulator: Emulator, options: AzureCliOptions = {}): Promise<AzureCli> {
    const dir = await mkdtemp(join(tmpdir(), 'azure-cli-'))
    if (options.template !== undefined) await cp(options.template, dir, { recursive: true })
    return new AzureCli(emulator, dir, options.crashing ?? [])
  }

  /**
   * What `az` needs, and what a step that runs `az` (the action with auth-type azure-cli) needs: the isolated
   * configuration, the emulator's CA, no telemetry, and the proxy for `login.microsoftonline.com` only (the
   * emulator's own hosts are reached directly).
   */
  env(): Record<string, string> {
    return {
      AZURE_CONFIG_DIR: this.configDir,
      AZURE_CORE_COLLECT_TELEMETRY: 'no',
      AZURE_CORE_SURVEY_MESSAGE: 'no',
      AZURE_CORE_NO_COLOR: 'true',
      REQUESTS_CA_BUNDLE: this.emulator.caFile,
      HTTPS_PROXY: this.emulator.urls.proxy,
      NO_PROXY: '127.0.0.1,localhost'
    }
  }

  /** Runs `az ...args`; a non-zero exit is returned, not thrown. */
  async run(args: readonly string[]): Promise<AzResult> {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? this.configDir }
    Object.assign(env, this.env())
    const started = Date.now()
    const { code, stdout, stderr } = await spawnText('az', args, env, 120_000)
    const result: AzResult = { args, code, stdout, stderr, ms: Date.now() - started }
    this.log.push(result)
    return result
  }

  /** Runs `az ...args` and throws with its stderr when it fails. */
  async ok(args: readonly string[]): Promise<AzResult> {
    const result = await this.run(args)
    if (result.code !== 0) {
      throw new Error(`az ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr.trim()}`)
    }
    return result
  }

  async json<T>(args: readonly string[]): Promise<T> {
    return JSON.parse((await this.ok([...args, '--output', 'json'])).stdout) as T
  }

  async tsv(args: readonly string[]): Promise<string> {
    return (await this.ok([...args, '--output', 'tsv'])).stdout.trim()
  }

  /**
   * `az cloud register` + `az cloud set`: the Resource Manager and Microsoft Graph endpoints given, the rest (login
   * endpoint, token audience, AD Graph) read by the CLI from `{arm}/metadata/endpoints?api-version=2015-01-01`.
   */
  async registerCloud(): Promise<void> {
    const { arm, graph } = this.emulator.urls
    const config = { endpoints: { resourceManager: `${arm}/`, microsoftGraphResourceId: `${graph}/` } }
    await this.ok(['cloud', 'register', '--name', CLOUD_NAME, '--cloud-config', JSON.stringify(config)])
    await this.ok(['cloud', 'set', '--name', CLOUD_NAME, '--only-show-errors'])
  }

  /** `az login --service-principal` with a GitHub ID token from the emulator, as azure/login does with OIDC. */
  async login(): Promise<void> {
    const inputs = this.emulator.inputs()
    await this.ok([
      'login',
      '--service-principal',
      '--username',
      inputs['client-id'] ?? DEFAULT_IDS.pipelineApp.clientId,
      '--tenant',
      inputs['tenant-id'] ?? DEFAULT_IDS.tenantId,
      '--federated-token',
      this.emulator.githubIdToken(),
      '--output',
      'none'
    ])
  }

  /** `az rest` against the emulator's Resource Manager, for a path (with query) under it. */
  async rest<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
    const args = ['rest', '--method', method, '--url', `${this.emulator.urls.arm}${pathAndQuery}`]
    if (body !== undefined) args.push('--body', JSON.stringify(body))
    const result = await this.ok([...args, '--output', 'json'])
    return (result.stdout.trim() === '' ? undefined : JSON.parse(result.stdout)) as T
  }

  /** Runs a role command unless it is known to crash here; undefined when it crashed (now or before). */
  async #unlessCrashing(command: RoleCommand, args: readonly string[]): Promise<AzResult | undefined> {
    if (this.#crashing.has(command)) return undefined
    const result = await this.run([...args, '--output', 'json'])
    if (result.code === 0) return result
    if (!CONFIG_CRASH.test(result.stderr)) {
      throw new Error(`az ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr.trim()}`)
    }
    this.#crashing.add(command)
    return undefined
  }

  /** The role commands known to crash in this CLI (each learnt when first tried, or given at creation). */
  get crashing(): RoleCommand[] {
    return [...this.#crashing]
  }

  /**
   * `az role assignment create --assignee-object-id ... --assignee-principal-type ... --role NAME --scope ...`;
   * where it crashes, the two requests it sends: the role definition looked up by name at the scope, then the PUT
   * under a new random GUID (api-version 2022-04-01).
   */
  async createRoleAssignment(a: {
    objectId: string
    principalType: string
    role: string
    scope: string
  }): Promise<AssignmentJson> {
    const command: RoleCommand = 'role assignment create'
    const real = await this.#unlessCrashing(command, [
      'role',
      'assignment',
      'create',
      '--assignee-object-id',
      a.objectId,
      '--assignee-principal-type',
      a.principalType,
      '--role',
      a.role,
      '--scope',
      a.scope
    ])
    if (real) return JSON.parse(real.stdout) as AssignmentJson
    const filter = encodeURIComponent(`roleName eq '${a.role.replace(/'/g, "''")}'`)
    const definitions = `${a.scope}/providers/Microsoft.Authorization/roleDefinitions?${FILTER}=${filter}&api-version=${AUTHORIZATION_API_VERSION}`
    const roles = await this.rest<{ value: { id: string }[] }>('get', definitions)
    if (roles.value.length !== 1) {
      throw new Error(`Role '${a.role}' matches ${roles.value.length} role definitions at ${a.scope}`)
    }
    const assignment = `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=${AUTHORIZATION_API_VERSION}`
    const created = await this.rest<AssignmentJson>('put', assignment, {
      properties: {
        roleDefinitionId: roles.value[0]?.id,
        principalId: a.objectId,
        principalType: a.principalType
      }
    })
    this.#standIn(command, [`GET ${definitions}`, `PUT ${assignment}`])
    return created
  }

  /**
   * `az role assignment list --scope ... --assignee OBJECT_ID`; where it crashes, the listing it sends
   * (`atScope()` at the scope) filtered as it filters (same scope, same principal). The command's Graph look-ups
   * (resolving the assignee, filling in display names) are not replayed: they do not change which assignments show.
   */
  async listRoleAssignments(a: { scope: string; assignee: string }): Promise<AssignmentJson[]> {
    const command: RoleCommand = 'role assignment list'
    const real = await this.#unlessCrashing(command, [
      'role',
      'assignment',
      'list',
      '--scope',
      a.scope,
      '--assignee',
      a.assignee
    ])
    if (real) return JSON.parse(real.stdout) as AssignmentJson[]
    const filter = encodeURIComponent('atScope()')
    const list = `${a.scope}/providers/Microsoft.Authorization/roleAssignments?${FILTER}=${filter}&api-version=${AUTHORIZATION_API_VERSION}`
    const all = await this.rest<{ value: AssignmentJson[] }>('get', list)
    this.#standIn(command, [`GET ${list}`])
    return all.value.filter(
      (x) =>
        x.properties.scope.toLowerCase() === a.scope.toLowerCase() &&
        x.properties.principalId.toLowerCase() === a.assignee.toLowerCase()
    )
  }

  /** `az role assignment delete --ids ...` (this one works in 2.45). */
  async deleteRoleAssignment(id: string): Promise<void> {
    await this.ok(['role', 'assignment', 'delete', '--ids', id])
  }

  #standIn(command: string, requests: string[]): void {
    if (!this.standIns.some((s) => s.command === command)) this.standIns.push({ command, requests })
  }

  async close(): Promise<void> {
    await rm(this.configDir, { recursive: true, force: true })
  }
}

export interface GuideResult {
  readonly resourceId: string
  readonly objectId: string
  readonly assignment: AssignmentJson
}

/**
 * The guide's sequence for the pipeline's own service principal, after the cloud is registered: sign in with the
 * GitHub ID token, pick the subscription, read the account's ID, look up the principal's object ID, assign the role.
 */
export async function runGuide(cli: AzureCli, role = 'Cognitive Services User'): Promise<GuideResult> {
  const inputs = cli.emulator.inputs()
  await cli.login()
  await cli.ok(['account', 'set', '--subscription', inputs['subscription-id'] ?? DEFAULT_IDS.subscriptionId])
  const resourceId = await cli.tsv([
    'resource',
    'show',
    '--resource-group',
    inputs['resource-group'] ?? DEFAULT_IDS.resourceGroup,
    '--name',
    inputs['resource-name'] ?? DEFAULT_IDS.account,
    '--resource-type',
    'Microsoft.CognitiveServices/accounts',
    '--query',
    'id'
  ])
  const objectId = await cli.tsv([
    'ad',
    'sp',
    'show',
    '--id',
    inputs['client-id'] ?? DEFAULT_IDS.pipelineApp.clientId,
    '--query',
    'id'
  ])
  const assignment = await cli.createRoleAssignment({
    objectId,
    principalType: 'ServicePrincipal',
    role,
    scope: resourceId
  })
  return { resourceId, objectId, assignment }
}
