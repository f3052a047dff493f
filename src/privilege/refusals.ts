import { AzureError, restDetails } from '../errors.js'
import type { ArmClient } from '../azure/arm.js'
import type { Rights } from './check.js'
import { grantorsOf } from './rights.js'
import { DELETE_ACTION, WRITE_ACTION } from './setup.js'

const scopeOfAssignment = (id: string): string =>
  id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '')

/**
 * Pure: which of Resource Manager's two causes ("does not have authorization or an ABAC condition not fulfilled")
 * it is, from the assignments the identity held when the step began.
 */
export function whichCause(rights: Rights | undefined, scope: string, action: string): string | undefined {
  const held = rights?.get(scope.toLowerCase())
  if (held === undefined) return undefined
  const grantors = grantorsOf(held, action)
  if (grantors.length === 0)
    return `Of the two causes Resource Manager names, it is the permission: none of the pipeline identity's role assignments at or above ${scope} carries '${action}'.`
  const open = grantors.find((g) => (g.assignment.condition ?? '').trim() === '')
  if (open === undefined)
    return `Of the two causes Resource Manager names, it is the ABAC condition: the pipeline identity holds '${action}' at ${scope} only through conditioned assignments (${grantors.map((g) => g.assignment.id).join(', ')}), and their condition does not allow this change.`
  return `The pipeline identity held '${action}' at ${scope} without a condition (${open.role?.name ?? ''}, ${open.assignment.id}) when this step began: that assignment was changed or removed meanwhile.`
}

function explained(error: unknown, cause: string | undefined): unknown {
  const details = restDetails(error)
  if (details.code !== 'AuthorizationFailed' || cause === undefined || !(error instanceof Error)) return error
  return new AzureError(`${error.message} ${cause}`, details, { cause: error })
}

/** The client with its refused role-assignment writes and deletes saying which cause it was. */
export function withRefusalsExplained(arm: ArmClient, rights: Rights | undefined): ArmClient {
  if (rights === undefined) return arm
  return {
    getAccount: (id) => arm.getAccount(id),
    getProject: (id) => arm.getProject(id),
    findRoleDefinitions: (scope, name) => arm.findRoleDefinitions(scope, name),
    getRoleDefinition: (scope, guid) => arm.getRoleDefinition(scope, guid),
    listAssignmentsOf: (scope, principalId) => arm.listAssignmentsOf(scope, principalId),
    listAssignmentsAt: (scope) => arm.listAssignmentsAt(scope),
    listAssignmentsAssignedTo: (scope, principalId) => arm.listAssignmentsAssignedTo(scope, principalId),
    listPermissions: (scope) => arm.listPermissions(scope),
    listDenyAssignmentsAt: (scope) => arm.listDenyAssignmentsAt(scope),
    async createAssignment(assignment) {
      try {
        return await arm.createAssignment(assignment)
      } catch (error) {
        throw explained(error, whichCause(rights, assignment.scope, WRITE_ACTION))
      }
    },
    async deleteAssignment(id) {
      try {
        return await arm.deleteAssignment(id)
      } catch (error) {
        throw explained(error, whichCause(rights, scopeOfAssignment(id), DELETE_ACTION))
      }
    }
  }
}
