import { ActionError } from '../../errors.js'
import { Inputs } from '../../constants.js'
import type { AdminAssignmentRules, PimClient } from '../../azure/pim.js'
import type { ResolvedRole, Target } from '../../types.js'

/** Pure: an ISO 8601 duration (`P180D`, `PT8H`, `P1DT2H30M`, `P2W`) in milliseconds; undefined when not one. */
export function isoDurationMs(text: string): number | undefined {
  const value = text.trim()
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value)
  if (m === null || /^P$|T$/i.test(value)) return undefined
  const [w = 0, d = 0, h = 0, min = 0, s = 0] = m.slice(1).map((x) => Number(x ?? 0))
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60_000 + s * 1000
}

/** Pure: milliseconds as the ISO 8601 duration PIM takes (`PT6H`, `PT1H30M`). */
export function isoDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}${s > 0 || seconds === 0 ? `${s}S` : ''}`
}

/** Pure: why the role's PIM settings forbid the grant, one sentence per rule, naming it and its value. */
export function policyRefusals(rules: AdminAssignmentRules, durationMs: number): string[] {
  const refusals: string[] = []
  const max = rules.maximumDuration === undefined ? undefined : isoDurationMs(rules.maximumDuration)
  if (rules.maximumDuration !== undefined && max !== undefined && durationMs > max) {
    refusals.push(
      `Expiration_Admin_Assignment allows active assignments of at most ${rules.maximumDuration} (maximumDuration), and ${Inputs.ExpiresAfter} asks for ${isoDuration(durationMs)}: set ${Inputs.ExpiresAfter} to ${rules.maximumDuration} or less, or raise "Expire active assignment after" in the role's PIM settings.`
    )
  }
  if (rules.enabledRules.includes('MultiFactorAuthentication')) {
    refusals.push(
      'Enablement_Admin_Assignment requires multi-factor authentication on active assignment (MultiFactorAuthentication), which a pipeline identity cannot perform: turn off "Require Azure Multi-Factor Authentication on active assignment" in the role\'s PIM settings.'
    )
  }
  if (rules.enabledRules.includes('Ticketing')) {
    refusals.push(
      'Enablement_Admin_Assignment requires ticket information on active assignment (Ticketing), which the action does not send: turn off "Require ticket information on active assignment" in the role\'s PIM settings.'
    )
  }
  return refusals
}

/** Reads the role's PIM settings at the scope and refuses, before anything is written, what they forbid. */
export async function checkPimPolicy(
  pim: PimClient,
  target: Target,
  role: ResolvedRole,
  durationMs: number
): Promise<void> {
  const refusals = policyRefusals(await pim.adminAssignmentRules(target.id, role.id), durationMs)
  if (refusals.length === 0) return
  throw new ActionError(
    `${Inputs.TimeBound}: pim: the PIM settings of ${role.name} at ${target.name} forbid this grant. Nothing was changed.\n- ${refusals.join('\n- ')}\nOr use ${Inputs.RevokeAfterJob} without ${Inputs.TimeBound}.`
  )
}
