import * as core from '@actions/core'
import { Inputs } from '../constants.js'
import { isGuid } from '../util/guid.js'
import { messageOf, restDetails } from '../errors.js'
import { readInputs } from '../inputs/inputs.js'
import { expectedAccountId } from '../grant/account.js'
import type { Dependencies } from '../session/dependencies.js'

/** Only IDs of role assignments on the account this step was given: post never deletes anything else. */
function isOnAccount(id: string, accountId: string): boolean {
  const prefix = `${accountId}/providers/Microsoft.Authorization/roleAssignments/`.toLowerCase()
  const rest = id.toLowerCase().slice(prefix.length)
  return id.toLowerCase().startsWith(prefix) && isGuid(rest)
}

/**
 * The post step of revoke-after-job: removes exactly the assignments the main step created. It never fails the
 * job (the cleanup can be repeated by hand or with mode: revoke) but says loudly what it could not remove.
 */
export async function cleanup(dependencies: Dependencies): Promise<void> {
  const ids = dependencies.state.loadCreated()
  if (ids.length === 0) {
    core.info(
      `${Inputs.RevokeAfterJob}: this step created no role assignment, so there is nothing to remove.`
    )
    return
  }
  const failed: string[] = []
  try {
    const inputs = readInputs()
    const session = await dependencies.openSession(inputs)
    const accountId = expectedAccountId(session.subscriptionId, inputs.resourceGroup, inputs.resourceName)
    for (const id of ids) {
      if (!isOnAccount(id, accountId)) {
        failed.push(`${id}: not an assignment on ${accountId}; left alone`)
        continue
      }
      try {
        const outcome = await session.arm.deleteAssignment(id)
        core.info(outcome === 'removed' ? `Removed ${id}.` : `${id} was already gone.`)
      } catch (error) {
        if (restDetails(error).status === 404) core.info(`${id} was already gone.`)
        else failed.push(`${id}: ${messageOf(error)}`)
      }
    }
  } catch (error) {
    failed.push(...ids.map((id) => `${id}: ${messageOf(error)}`))
  }
  if (failed.length > 0) {
    core.error(
      `${Inputs.RevokeAfterJob} could not remove ${failed.length} role assignment(s); remove them by hand (az role assignment delete --ids <id>) or rerun with ${Inputs.Mode}: revoke:\n- ${failed.join('\n- ')}`
    )
  }
}
