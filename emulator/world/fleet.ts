// Growing the world beyond its one resource group: more subscriptions, resource groups, accounts and Foundry
// projects, as a platform team's tenant has them. Each helper is idempotent on names (ARM names compare
// case-insensitively) and returns what it made or found. Call them in `startEmulator({ world })` or on the live
// `emulator.world` between runs.
import { createHash } from 'node:crypto'
import { ROLE_IDS } from './builtin-roles.js'
import { DEFAULT_IDS } from './ids.js'
import type { Account, Project, ResourceGroup, Subscription, World } from './types.js'

/** A second subscription of the tenant, for resources "anywhere in the tenant". */
export const SECOND_SUBSCRIPTION_ID = '00000000-1111-4000-8000-000000000003'

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/** A GUID that stays the same for the same seed, so reruns and journals line up. */
export function stableGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export function addSubscription(
  world: World,
  subscriptionId: string,
  displayName = `Subscription ${subscriptionId.slice(-4)}`
): Subscription {
  const found = world.subscriptions.find((s) => same(s.subscriptionId, subscriptionId))
  if (found) return found
  const sub = { subscriptionId, displayName }
  world.subscriptions.push(sub)
  return sub
}

/**
 * A resource group (and its subscription). With `grantPipeline` (default true) the pipeline app gets Role Based
 * Access Control Administrator on it, as on `rg-ai`, so the action may assign roles there.
 */
export function addResourceGroup(
  world: World,
  name: string,
  options: { subscriptionId?: string; location?: string; grantPipeline?: boolean } = {}
): ResourceGroup {
  const subscriptionId = options.subscriptionId ?? DEFAULT_IDS.subscriptionId
  addSubscription(world, subscriptionId)
  let rg = world.resourceGroups.find((g) => same(g.subscriptionId, subscriptionId) && same(g.name, name))
  if (!rg) {
    rg = { subscriptionId, name, location: options.location ?? DEFAULT_IDS.location }
    world.resourceGroups.push(rg)
  }
  if (options.grantPipeline ?? true)
    grantPipelineAt(world, `/subscriptions/${subscriptionId}/resourceGroups/${rg.name}`)
  return rg
}

function grantPipelineAt(world: World, scope: string): void {
  const principalId = DEFAULT_IDS.pipelineApp.objectId
  const held = world.roleAssignments.some(
    (a) =>
      same(a.scope, scope) &&
      same(a.principalId, principalId) &&
      same(a.roleDefinitionGuid, ROLE_IDS.rbacAdministrator)
  )
  if (held) return
  const longAgo = Date.now() - 24 * 3600_000
  world.roleAssignments.push({
    name: stableGuid(`pipeline-rbac|${scope.toLowerCase()}`),
    scope,
    roleDefinitionGuid: ROLE_IDS.rbacAdministrator,
    principalId,
    principalType: 'ServicePrincipal',
    description: 'Lets the deployment pipeline grant access here',
    condition: null,
    createdOn: longAgo,
    updatedOn: longAgo,
    createdBy: null,
    updatedBy: null
  })
}

export interface AccountSpec {
  name: string
  /** Default `rg-ai`. */
  resourceGroup?: string
  /** Default: the default subscription. */
  subscriptionId?: string
  location?: string
  /** Default: the account name. `null` for none. */
  customSubDomainName?: string | null
  /** Names of Foundry projects under it. */
  projects?: string[]
  /** Give the pipeline app RBAC Administrator on the resource group (default true). */
  grantPipeline?: boolean
}

/** An AI Services account (with its resource group and subscription), with the default model deployment. */
export function addAccount(world: World, spec: AccountSpec): Account {
  const rg = addResourceGroup(world, spec.resourceGroup ?? DEFAULT_IDS.resourceGroup, {
    subscriptionId: spec.subscriptionId,
    location: spec.location,
    grantPipeline: spec.grantPipeline
  })
  let account = world.accounts.find(
    (a) =>
      same(a.subscriptionId, rg.subscriptionId) && same(a.resourceGroup, rg.name) && same(a.name, spec.name)
  )
  if (!account) {
    account = {
      subscriptionId: rg.subscriptionId,
      resourceGroup: rg.name,
      name: spec.name,
      location: spec.location ?? rg.location,
      kind: 'AIServices',
      sku: 'S0',
      customSubDomainName: spec.customSubDomainName === undefined ? spec.name : spec.customSubDomainName,
      publicNetworkAccess: 'Enabled',
      deployments: [
        {
          name: DEFAULT_IDS.deployment,
          model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' }
        }
      ]
    }
    world.accounts.push(account)
  }
  for (const project of spec.projects ?? []) addProject(account, project)
  return account
}

export function addProject(account: Account, name: string, options: Omit<Project, 'name'> = {}): Project {
  account.projects ??= []
  const found = account.projects.find((p) => same(p.name, name))
  if (found) return found
  const project: Project = { name, ...options }
  account.projects.push(project)
  return project
}

/**
 * A platform team's fleet: `count` accounts named `{prefix}-01`, `{prefix}-02`..., spread round-robin over
 * `resourceGroups` resource groups (`rg-fleet-1`, ...) of the default subscription.
 */
export function addFleet(
  world: World,
  count: number,
  options: { prefix?: string; resourceGroups?: number } = {}
): Account[] {
  const prefix = options.prefix ?? 'ai-fleet'
  const groups = Math.max(1, options.resourceGroups ?? 1)
  return Array.from({ length: count }, (_, i) =>
    addAccount(world, {
      name: `${prefix}-${String(i + 1).padStart(2, '0')}`,
      resourceGroup: `rg-fleet-${(i % groups) + 1}`
    })
  )
}
