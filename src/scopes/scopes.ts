import * as core from '@actions/core'
import { ActionError, messageOf } from '../errors.js'
import { SCOPE_READ_CONCURRENCY } from '../constants.js'
import { mapSettled } from '../util/concurrency.js'
import { expectedAccountId, readAccount } from './account.js'
import { expectedProjectId, readProject } from './project.js'
import type { ArmClient } from '../azure/arm.js'
import type { ScopeRef, Target } from '../types.js'

/** The resource ID a scope of the inputs names: `resource-group`/`resource-name` are in the session's subscription. */
export function expectedId(scope: ScopeRef, subscriptionId: string): string {
  const account = expectedAccountId(
    scope.subscriptionId ?? subscriptionId,
    scope.resourceGroup,
    scope.account
  )
  return scope.project === undefined ? account : expectedProjectId(account, scope.project)
}

function readOne(arm: ArmClient, scope: ScopeRef, subscriptionId: string): Promise<Target> {
  const id = expectedId(scope, subscriptionId)
  return scope.kind === 'project' ? readProject(arm, id) : readAccount(arm, id)
}

/**
 * Reads every scope, a few at a time, in input order. Any that cannot be read stops the run before a write; when
 * several cannot, the error lists each, so one run shows everything to fix.
 */
export async function readTargets(
  arm: ArmClient,
  scopes: readonly ScopeRef[],
  subscriptionId: string
): Promise<Target[]> {
  const settled = await mapSettled(scopes, SCOPE_READ_CONCURRENCY, (scope) =>
    readOne(arm, scope, subscriptionId)
  )
  const failed = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []))
  if (failed.length === 1) throw failed[0]
  if (failed.length > 1) {
    throw new ActionError(
      `${failed.length} of ${scopes.length} scopes cannot be read; nothing was changed:\n- ${failed.map(messageOf).join('\n- ')}`
    )
  }
  const targets = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
  for (const target of targets)
    core.info(`${target.kind === 'project' ? 'Foundry project' : 'Account'}: ${target.id}`)
  return targets
}
