import { AzureError, messageOf, quoteRequestIds, restDetails } from '../errors.js'
import { Inputs } from '../constants.js'
import { explainArmError } from './arm-errors.js'

export const PIM_PERMISSION_HELP =
  `${Inputs.TimeBound}: pim needs 'Microsoft.Authorization/roleAssignmentScheduleRequests/write' at the account's scope, ` +
  'which Owner and User Access Administrator carry and Role Based Access Control Administrator does not. Grant the ' +
  `pipeline identity User Access Administrator on the account, or use ${Inputs.RevokeAfterJob} without ${Inputs.TimeBound}.`

/** Pure: the rule names in "The following policy rules failed: ["ExpirationRule","MfaRule"]". */
export function failedRules(message: string): string[] {
  const list = /\[([^\]]*)\]/.exec(message)?.[1] ?? ''
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '').filter((rule) => rule !== '')
}

const RULE_FIX: Record<string, string> = {
  ExpirationRule: `the duration is over the role's maximum for active assignments, or the policy forbids expiring ones: lower ${Inputs.ExpiresAfter}`,
  JustificationRule:
    'the policy requires a justification: the action sends its description, so give a non-empty description',
  TicketingRule:
    'the policy requires ticket information on active assignment, which the action does not send',
  MfaRule:
    'the policy requires multi-factor authentication on active assignment, which a pipeline identity cannot perform'
}

/** What the user can do about a code only PIM answers; undefined for the codes Resource Manager shares. */
function explanation(code: string | undefined, said: string): string | undefined {
  switch (code) {
    case 'AadPremiumLicenseRequired':
      return `PIM needs Microsoft Entra ID P2 in the tenant, which it does not have (AadPremiumLicenseRequired). Use ${Inputs.RevokeAfterJob} without ${Inputs.TimeBound}, and a scheduled ${Inputs.Mode}: sweep to bound grants whose post step never ran.`
    case 'RoleAssignmentRequestPolicyValidationFailed': {
      const rules = failedRules(said)
      const why = rules
        .map((rule) => `${rule}: ${RULE_FIX[rule] ?? 'see the role settings in PIM'}`)
        .join('; ')
      return `PIM refused the request under the role's settings (RoleAssignmentRequestPolicyValidationFailed; ${why}). Change the role settings in PIM (Azure resources, the account, Settings, the role), or use ${Inputs.RevokeAfterJob} without ${Inputs.TimeBound}.`
    }
    case 'SubjectNotFound':
      return 'PIM does not find the principal in the directory (SubjectNotFound): a new principal takes minutes to replicate; check the object ID.'
    case 'RoleAssignmentExists':
      return 'the principal already holds the role at this scope (RoleAssignmentExists).'
    case 'ActiveDurationTooShort':
      return 'PIM does not end an active assignment in its first five minutes (ActiveDurationTooShort).'
    case 'AuthorizationFailed':
      return /roleAssignmentScheduleRequests\/write/i.test(said)
        ? `Resource Manager refused (403 AuthorizationFailed): ${said} ${PIM_PERMISSION_HELP}`
        : undefined
  }
  return undefined
}

/** Explains an answer to a PIM request; the codes PIM shares with Resource Manager are explained as ARM's. */
export function explainPimError(error: unknown, doing: string, scope: string): unknown {
  const details = restDetails(error)
  const said = messageOf(error)
  const explained = explanation(details.code, said)
  if (explained === undefined) return explainArmError(error, doing, scope)
  const answered = `HTTP ${details.status ?? '?'} ${details.code ?? ''}`.trim()
  const text = `${doing}: ${explained}${explained.includes(said) ? '' : ` (${answered}: ${said})`}`
  return new AzureError(text + quoteRequestIds(details), details, { cause: error })
}
