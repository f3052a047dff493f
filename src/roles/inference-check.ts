import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { Inputs } from '../constants.js'
import { INFERENCE_ROLE_NAMES, opensInference } from './data-actions.js'
import type { DataPermissions } from './data-actions.js'
import type { ResolvedRole } from '../types.js'

/**
 * A role without a data action under Microsoft.CognitiveServices/ can never call a model: with a wait that could
 * never succeed it is refused before anything is written; without one it is granted with a warning.
 */
export function checkOpensInference(
  role: ResolvedRole,
  data: DataPermissions | undefined,
  scope: string,
  waitForPropagation: boolean
): void {
  if (data === undefined || opensInference(data)) return
  const roles = INFERENCE_ROLE_NAMES.join(', ')
  if (waitForPropagation) {
    throw new ActionError(
      `Input '${Inputs.Role}': '${role.name}' has no data actions, so it can never call a model and ${Inputs.WaitForPropagation} could never succeed. Nothing was changed. ` +
        `Grant a role that can call models (${roles}), or leave ${Inputs.WaitForPropagation} out to grant '${role.name}' anyway.`
    )
  }
  core.warning(
    `'${role.name}' has no data actions: it gives no inference access at ${scope} (a role that can call models: ${roles}). It is granted as asked.`
  )
}
