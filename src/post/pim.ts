import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { Inputs } from '../constants.js'
import { messageOf, restDetails } from '../errors.js'
import { readInputs } from '../inputs/inputs.js'
import { runnerPimGrants } from '../grant/pim/pim-state.js'
import type { PimClient } from '../azure/pim.js'
import { pimRequestDone, REQUEST_EXISTS_CODES } from '../resend/own-resend.js'
import type { Dependencies } from '../session/dependencies.js'
import type { PimGrant, PimGrantStore } from '../types.js'

/** Statuses of an AdminAssign request whose grant is (or is about to be) in place. */
const ACTIVE = new Set(
  [
    'Provisioned',
    'Granted',
    'PendingProvisioning',
    'ProvisioningStarted',
    'ScheduleCreated',
    'PendingScheduleCreation'
  ].map((s) => s.toLowerCase())
)

export interface PimPostOptions {
  readonly store?: PimGrantStore
  readonly now?: () => number
  readonly newName?: () => string
}

const what = (grant: PimGrant): string =>
  `the PIM grant of ${grant.roleDefinitionId.split('/').pop() ?? ''} to ${grant.principalId} at ${grant.scope}`

/** Ends one grant early; says what happened. Throws only for what the user must see as a failure. */
async function endOne(pim: PimClient, grant: PimGrant, now: number, newName: () => string): Promise<void> {
  if (Date.parse(grant.until) <= now) {
    core.info(`${what(grant)} expired at ${grant.until}; Azure has removed it.`)
    return
  }
  const status = await pim.requestStatus(grant.scope, grant.requestName)
  if (status === undefined || !ACTIVE.has(status.toLowerCase())) {
    core.info(
      `${what(grant)} was never made (request ${grant.requestName}: ${status ?? 'none'}); nothing to end.`
    )
    return
  }
  const name = newName()
  try {
    await pim.remove({
      ...grant,
      name,
      justification: `Ended by the post step of ${Inputs.RevokeAfterJob}.`
    })
    core.info(`Ended ${what(grant)} early.`)
  } catch (error) {
    const code = restDetails(error).code
    if (REQUEST_EXISTS_CODES.includes(code ?? '')) {
      // A resend after a lost answer: the request name is this step's own, so its status says whether it ended.
      const removal = await pim.requestStatus(grant.scope, name)
      if (!pimRequestDone(removal)) throw error
      core.info(`Ended ${what(grant)} early (request ${name}: ${removal ?? ''}; its first answer was lost).`)
    } else if (code === 'ActiveDurationTooShort') {
      // Waiting five minutes would hold the job; Azure ends it by itself at its expiry.
      core.info(
        `PIM does not end an assignment in its first five minutes, so ${what(grant)} stays until ${grant.until}, when Azure removes it.`
      )
    } else if (code === 'RoleAssignmentDoesNotExist') {
      core.info(`${what(grant)} was already gone.`)
    } else throw error
  }
}

/**
 * The post step's part for time-bound: pim: ends early, under a new request name (AdminRemove), the grants the main
 * step asked PIM for. Never fails the job: each grant ends at its expiry anyway.
 */
export async function endPimGrants(
  dependencies: Pick<Dependencies, 'openSession'>,
  options: PimPostOptions = {}
): Promise<void> {
  const grants = (options.store ?? runnerPimGrants()).load()
  if (grants.length === 0) return
  const failed: string[] = []
  try {
    const pim = (await dependencies.openSession(readInputs())).pim()
    for (const grant of grants) {
      try {
        await endOne(pim, grant, (options.now ?? Date.now)(), options.newName ?? randomUUID)
      } catch (error) {
        failed.push(`${what(grant)} (until ${grant.until}): ${messageOf(error)}`)
      }
    }
  } catch (error) {
    failed.push(...grants.map((grant) => `${what(grant)} (until ${grant.until}): ${messageOf(error)}`))
  }
  if (failed.length > 0) {
    core.warning(
      `${Inputs.RevokeAfterJob} could not end ${failed.length} PIM grant(s) early; Azure removes each at its expiry:\n- ${failed.join('\n- ')}`
    )
  }
}
