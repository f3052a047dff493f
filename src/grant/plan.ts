import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { Inputs } from '../constants.js'
import type { ArmNames } from '../azure/arm-errors.js'
import { readAccount } from './account.js'
import { resolveRole } from './roles.js'
import { resolvePrincipals } from './principals.js'
import { defaultDescription } from './description.js'
import { prepareWait } from '../wait/prepare.js'
import { setAccountOutputs } from '../report/outputs.js'
import type { AssignContext } from './assign.js'
import type { DataPlaneProbe } from '../azure/dataplane.js'
import type { AzureSession } from '../session/session.js'
import type { Account, ActionInputs, ResolvedPrincipal } from '../types.js'

/** Everything read and resolved before the first write: if any of it fails, nothing was changed. */
export interface Plan {
  readonly account: Account
  readonly principals: readonly ResolvedPrincipal[]
  readonly context: AssignContext
  readonly probe?: DataPlaneProbe
}

function privilegedRefusal(roleName: string): ActionError {
  return new ActionError(
    `Input '${Inputs.Role}': '${roleName}' is a privileged administrator role (it can grant access to others or change anything). ` +
      `Nothing was changed. Inference needs only Cognitive Services User; if you really mean to grant '${roleName}', set ${Inputs.AllowPrivilegedRole}: true.`
  )
}

function warnWithoutSubdomain(inputs: ActionInputs, account: Account): void {
  if (account.customSubDomainName !== undefined || inputs.mode !== 'assign') return
  core.warning(
    `The account '${inputs.resourceName}' has no custom subdomain: Entra ID tokens will not work for inference until it has one: ` +
      `az cognitiveservices account update -g ${inputs.resourceGroup} -n ${inputs.resourceName} --custom-domain <subdomain> (once; it cannot be changed later).`
  )
}

/** Reads the account, resolves the role and every principal, and checks that a wait can succeed. Writes nothing. */
export async function makePlan(inputs: ActionInputs, session: AzureSession): Promise<Plan> {
  const names: ArmNames = {
    subscription: session.subscriptionId,
    resourceGroup: inputs.resourceGroup,
    account: inputs.resourceName
  }
  const account = await readAccount(session.arm, names.subscription, names.resourceGroup, names.account)
  core.info(`Account: ${account.id}`)
  setAccountOutputs(account)
  const { role, privileged } = await resolveRole(session.arm, inputs.role, account.id, names)
  if (privileged && !inputs.allowPrivilegedRole && inputs.mode === 'assign')
    throw privilegedRefusal(role.name)
  const principals = await resolvePrincipals(inputs.principals, {
    self: session.self,
    graph: session.graph,
    principalType: inputs.principalType
  })
  const probe = await prepareWait(inputs, session, account, principals)
  warnWithoutSubdomain(inputs, account)
  const description = inputs.description ?? defaultDescription()
  const context: AssignContext = {
    arm: session.arm,
    scope: account.id,
    role,
    description,
    names,
    dryRun: inputs.dryRun
  }
  return { account, principals, context, probe }
}
