import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { ActionError, restDetails } from '../../errors.js'
import { PRINCIPAL_REPLICATION_WAIT_MS } from '../../constants.js'
import { retryWhileReplicating } from '../replication.js'
import type { Clock } from '../../util/backoff.js'
import type { PimClient } from '../../azure/pim.js'
import type { RoleAssignmentResource } from '../../azure/arm.js'
import { utcSeconds } from '../expiry.js'
import { isoDuration } from './pim-policy.js'
import { pimRequestDone, REQUEST_EXISTS_CODES } from '../../resend/own-resend.js'
import type { Outcome, PimGrantStore, ResolvedPrincipal, ResolvedRole } from '../../types.js'

/** What time-bound: pim needs beyond a plain assignment. */
export interface PimPlan {
  readonly client: PimClient
  readonly durationMs: number
  readonly store: PimGrantStore
  /** A new request name each time (a test may fix it). */
  readonly newName?: () => string
}

export interface PimWrite {
  readonly scope: string
  readonly role: ResolvedRole
  /** Sent as the justification: PIM shows it in its audit history. */
  readonly description: string
  readonly clock?: Clock
}

/**
 * Grants the role to one principal as a time-bound active assignment through PIM: Azure ends it after the duration
 * whatever happens to the runner. The request is saved to the step's state before it is sent, so the post step can
 * end it early. A principal PIM cannot see yet (SubjectNotFound, directory replication) is retried like
 * PrincipalNotFound. `existing` lists the principal's assignments of the role at the scope, for the ID to report.
 */
export async function assignPim(
  pim: PimPlan,
  write: PimWrite,
  principal: ResolvedPrincipal,
  existing: () => Promise<RoleAssignmentResource[]>
): Promise<{ outcome: Outcome; assignmentId?: string }> {
  const start = new Date(write.clock?.now() ?? Date.now())
  const request = {
    scope: write.scope,
    name: (pim.newName ?? randomUUID)(),
    roleDefinitionId: write.role.id,
    principalId: principal.objectId,
    justification: write.description,
    duration: isoDuration(pim.durationMs),
    start
  }
  const until = utcSeconds(new Date(start.getTime() + pim.durationMs))
  pim.store.save({
    scope: request.scope,
    principalId: request.principalId,
    roleDefinitionId: request.roleDefinitionId,
    requestName: request.name,
    until
  })
  try {
    await retryWhileReplicating({
      service: 'PIM',
      who: principal.objectId,
      notYetCode: 'SubjectNotFound',
      clock: write.clock,
      work: () => pim.client.assign(request)
    })
  } catch (error) {
    if (REQUEST_EXISTS_CODES.includes(restDetails(error).code ?? '')) {
      // A resend after a lost answer: the name is this step's own (new for each request), so its status decides.
      const status = await pim.client.requestStatus(request.scope, request.name)
      if (!pimRequestDone(status)) throw error
      core.info(
        `PIM request ${request.name} was made by this step's first attempt (its answer was lost): ${status ?? ''}.`
      )
      core.info(`PIM grants ${principal.objectId} ${write.role.name} until ${until}; Azure removes it then.`)
      return { outcome: 'created', assignmentId: (await existing())[0]?.id }
    }
    if (restDetails(error).code === 'RoleAssignmentExists') {
      // Another grant (permanent, or another job's) is in place: report it, never end it.
      return { outcome: 'already assigned', assignmentId: (await existing())[0]?.id }
    }
    if (restDetails(error).code === 'SubjectNotFound' && error instanceof Error) {
      throw new ActionError(
        `${error.message} Still not found after ${PRINCIPAL_REPLICATION_WAIT_MS / 60_000} minutes of retries.`,
        { cause: error }
      )
    }
    throw error
  }
  core.info(`PIM grants ${principal.objectId} ${write.role.name} until ${until}; Azure removes it then.`)
  return { outcome: 'created', assignmentId: (await existing())[0]?.id }
}
