import { AuthorizationManagementClient } from './authorization-sdk.js'
import type { TokenCredential } from '@azure/core-auth'
import type { CloudEndpoints } from './sign-in/clouds.js'
import { commonClientOptions, unansweredAttempts } from './http/pipeline.js'
import { withArmErrors } from './arm-errors.js'
import { createCognitiveReader } from './cognitive.js'
import { readPermissions, toAssignment, toDenyAssignment, toRoleDefinition } from './arm-answers.js'
import type { AccountResource, ProjectResource } from './cognitive.js'
import { createJsonHttp } from './http/http.js'
import type { JsonHttp } from './http/http.js'

export type { AccountResource, ProjectResource } from './cognitive.js'

export interface RoleDefinitionResource {
  readonly id: string
  readonly name: string
  readonly roleName: string
  readonly actions: readonly string[]
  readonly notActions: readonly string[]
  /** Data-plane permissions: what decides whether the role can call a model (src/roles/data-actions.ts). */
  readonly dataActions: readonly string[]
  readonly notDataActions: readonly string[]
}

export interface RoleAssignmentResource {
  readonly id: string
  readonly name: string
  readonly scope: string
  readonly roleDefinitionId: string
  readonly principalId: string
  /** From the list at a scope (`listAssignmentsAt`), which the sweep decides on. */
  readonly principalType?: string
  /** Both lists carry description and createdBy: temporary grants are judged on them. */
  readonly description?: string
  /** Object ID of the identity that made the assignment. */
  readonly createdBy?: string
  /** An ABAC condition (`conditionVersion` 2.0) that limits what the assignment allows. */
  readonly condition?: string
  readonly conditionVersion?: string
}

/** A deny assignment (made by Azure: managed apps, deployment stacks): what it takes away, from whom. */
export interface DenyAssignmentResource {
  readonly id: string
  readonly scope: string
  readonly dataActions: readonly string[]
  readonly notDataActions: readonly string[]
  /** Object IDs it applies to; `00000000-0000-0000-0000-000000000000` is everyone. */
  readonly principalIds: readonly string[]
  readonly excludePrincipalIds: readonly string[]
  readonly doNotApplyToChildScopes: boolean
}

/** One entry of the caller's effective permissions at a scope (one per role it holds there). */
export interface PermissionResource {
  readonly actions: readonly string[]
  readonly notActions: readonly string[]
}

export interface NewAssignment {
  readonly scope: string
  readonly name: string
  readonly roleDefinitionId: string
  readonly principalId: string
  readonly principalType?: string
  readonly description: string
}

/** What a PUT of a role assignment answered. */
export interface CreatedAssignment {
  readonly id: string
  /** True for a 201; false for a 200 (the name existed: another's, or this step's own first attempt). */
  readonly created: boolean
  readonly description?: string
  /** Object ID of the identity that made the assignment, as the answer says. */
  readonly createdBy?: string
  /** When Azure made it (ms since the epoch), as the answer says. */
  readonly createdOn?: number
  /** True when an earlier attempt of this PUT got no definite answer (it may have been applied). */
  readonly resent: boolean
}

/**
 * The Resource Manager calls the action makes; tests replace it with a double. Wrapped by `withArmErrors`, every
 * failure comes back explained: what was being done, to which resource, and what Azure said.
 */
export interface ArmClient {
  /** `id`: the account's resource ID as the action expects it; ARM answers with its own spelling of it. */
  getAccount(id: string): Promise<AccountResource>
  /** `id`: a Foundry project's resource ID, `.../accounts/{a}/projects/{p}`. */
  getProject(id: string): Promise<ProjectResource>
  findRoleDefinitions(scope: string, roleName: string): Promise<RoleDefinitionResource[]>
  getRoleDefinition(scope: string, guid: string): Promise<RoleDefinitionResource>
  /**
   * PUT; `created` is false when the answer was 200 (it existed already under this name), and `description` is the
   * description the stored assignment has.
   */
  createAssignment(assignment: NewAssignment): Promise<CreatedAssignment>
  listAssignmentsOf(scope: string, principalId: string): Promise<RoleAssignmentResource[]>
  /** `$filter=atScope()`: every assignment at the scope and above it (not below), with description and createdBy. */
  listAssignmentsAt(scope: string): Promise<RoleAssignmentResource[]>
  /**
   * `$filter=atScope() and assignedTo('{id}')`: the assignments at the scope and above it that apply to the
   * principal, directly or through its groups (Resource Manager expands the memberships).
   */
  listAssignmentsAssignedTo(scope: string, principalId: string): Promise<RoleAssignmentResource[]>
  /**
   * `absent` for a 204 (nothing there), except when an earlier attempt of this DELETE got no definite answer: then
   * the 204 is the echo of that attempt's removal, `removed`.
   */
  deleteAssignment(id: string): Promise<'removed' | 'absent'>
  /** `denyAssignments?$filter=atScope()`: the deny assignments at the scope and above it. */
  listDenyAssignmentsAt(scope: string): Promise<DenyAssignmentResource[]>
  /** `GET {scope}/providers/Microsoft.Authorization/permissions`: what the caller itself may do at the scope. */
  listPermissions(scope: string): Promise<PermissionResource[]>
}

const noSlash = (id: string): string => id.replace(/^\/+/, '')

/**
 * Role definitions and assignments through the Azure SDK (by scope, so in any subscription of the tenant); accounts
 * and Foundry projects through a small REST reader that learns the api-version a lagging cloud serves.
 */
export function createArmClient(
  credential: TokenCredential,
  cloud: CloudEndpoints,
  subscriptionId: string,
  http: JsonHttp = createJsonHttp(credential)
): ArmClient {
  const options = {
    endpoint: cloud.resourceManager,
    credentialScopes: [cloud.armScope],
    ...commonClientOptions()
  }
  const authorization = new AuthorizationManagementClient(credential, subscriptionId, options)
  const cognitive = createCognitiveReader(http, cloud)
  const list = async (scope: string, filter: string): Promise<RoleAssignmentResource[]> => {
    const found: RoleAssignmentResource[] = []
    for await (const item of authorization.roleAssignments.listForScope(noSlash(scope), { filter })) {
      found.push(toAssignment(item))
    }
    return found
  }
  return withArmErrors({
    getAccount: (id) => cognitive.getAccount(id),
    getProject: (id) => cognitive.getProject(id),
    async findRoleDefinitions(scope, roleName) {
      const filter = `roleName eq '${roleName.replace(/'/g, "''")}'`
      const found: RoleDefinitionResource[] = []
      for await (const definition of authorization.roleDefinitions.list(noSlash(scope), { filter })) {
        found.push(toRoleDefinition(definition))
      }
      return found
    },
    async getRoleDefinition(scope, guid) {
      return toRoleDefinition(await authorization.roleDefinitions.get(noSlash(scope), guid))
    },
    async createAssignment(assignment) {
      let status = 0
      let resent = false
      const result = await authorization.roleAssignments.create(
        noSlash(assignment.scope),
        assignment.name,
        {
          roleDefinitionId: assignment.roleDefinitionId,
          principalId: assignment.principalId,
          principalType: assignment.principalType,
          description: assignment.description
        },
        {
          onResponse: (response) => {
            status = response.status
            resent = unansweredAttempts(response.request) > 0
          }
        }
      )
      const createdOn = result.createdOn?.getTime()
      return {
        id:
          result.id ??
          `${assignment.scope}/providers/Microsoft.Authorization/roleAssignments/${assignment.name}`,
        created: status !== 200,
        description: result.description ?? undefined,
        createdBy: result.createdBy ?? undefined,
        createdOn: createdOn === undefined || Number.isNaN(createdOn) ? undefined : createdOn,
        resent
      }
    },
    listAssignmentsOf: (scope, principalId) => list(scope, `principalId eq '${principalId}'`),
    listAssignmentsAt: (scope) => list(scope, 'atScope()'),
    listAssignmentsAssignedTo: (scope, principalId) =>
      list(scope, `atScope() and assignedTo('${principalId}')`),
    async deleteAssignment(id) {
      let status = 0
      let resent = false
      await authorization.roleAssignments.deleteById(noSlash(id), {
        onResponse: (response) => {
          status = response.status
          resent = unansweredAttempts(response.request) > 0
        }
      })
      return status === 204 && !resent ? 'absent' : 'removed'
    },
    async listDenyAssignmentsAt(scope) {
      const found: DenyAssignmentResource[] = []
      for await (const item of authorization.denyAssignments.listForScope(noSlash(scope), {
        filter: 'atScope()'
      })) {
        found.push(toDenyAssignment(item))
      }
      return found
    },
    listPermissions: (scope) => readPermissions(http, cloud, scope)
  })
}
