import * as core from '@actions/core'
import { restDetails } from '../errors.js'
import type { ArmClient, DenyAssignmentResource, RoleAssignmentResource } from '../azure/arm.js'
import type { DirectoryObject, GraphClient } from '../azure/graph.js'
import type { Target } from '../types.js'
import type { Posture } from './types.js'
import { accountIdOf, postureOf } from './posture.js'
import { joined } from '../util/concurrency.js'

/** What Resource Manager says about one scope: its assignments, its deny assignments and its account's posture. */
export interface ScopeReading {
  readonly target: Target
  readonly assignments: readonly RoleAssignmentResource[]
  /** undefined when Resource Manager did not list them (403, or a cloud that does not serve them). */
  readonly denies?: readonly DenyAssignmentResource[]
  readonly posture: Posture
}

const refused = (error: unknown): boolean => restDetails(error).status === 403

async function readDenies(arm: ArmClient, scope: string): Promise<DenyAssignmentResource[] | undefined> {
  try {
    return await arm.listDenyAssignmentsAt(scope)
  } catch (error) {
    const status = restDetails(error).status
    if (status === undefined) throw error
    core.info(
      `Resource Manager would not list the deny assignments at ${scope} (HTTP ${status}): the verdicts there leave them out. ` +
        "Reading them needs 'Microsoft.Authorization/denyAssignments/read' (Reader includes it)."
    )
    return undefined
  }
}

/** The posture is the account's: a project's comes from reading its account. */
async function readPosture(arm: ArmClient, scope: string, target: Promise<Target>): Promise<Posture> {
  if (accountIdOf(scope).toLowerCase() === scope.toLowerCase()) return postureOf(await target)
  return postureOf(await arm.getAccount(accountIdOf(scope)))
}

/**
 * Reads everything the report needs about one scope. The lists need only the scope's ID, which the inputs give, so
 * they go out together with the read of the scope itself (`target`).
 */
export async function readScope(
  arm: ArmClient,
  scope: string,
  target: Promise<Target>
): Promise<ScopeReading> {
  // The scope's own read first: when the scope is missing, its error is the one that says what to fix.
  const [read, assignments, denies, posture] = await joined(
    target,
    arm.listAssignmentsAt(scope),
    readDenies(arm, scope),
    readPosture(arm, scope, target)
  )
  return { target: read, assignments, denies, posture }
}

/** Display names by lower-cased object ID, in one request; none when Graph may not be read (403). */
export async function readNames(
  graph: () => GraphClient,
  ids: readonly string[]
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))]
  if (unique.length === 0) return new Map()
  try {
    const found: DirectoryObject[] = []
    // directoryObjects/getByIds takes up to 1000 IDs a request.
    for (let start = 0; start < unique.length; start += 1000)
      found.push(...(await graph().getByIds(unique.slice(start, start + 1000))))
    return new Map(
      found.flatMap((o) =>
        o.displayName === undefined ? [] : [[o.id.toLowerCase(), o.displayName] as const]
      )
    )
  } catch (error) {
    if (!refused(error)) throw error
    core.info(
      'Microsoft Graph refused to look up the callers (403): the report shows their object IDs and types without names. ' +
        'Names need the Graph application permission Directory.Read.All (or User.Read.All, Group.Read.All and Application.Read.All).'
    )
    return new Map()
  }
}
