import { describe, expect, it } from '@jest/globals'
import {
  checkPimPolicy,
  isoDuration,
  isoDurationMs,
  policyRefusals
} from '../../../../src/grant/pim/pim-policy.js'
import { DEFAULT_RULES, FakePim } from '../../../fixtures/pim.js'
import { ACCOUNT_ID, COGNITIVE_SERVICES_USER, roleDefinitionIdOf } from '../../../fixtures/ids.js'

const HOUR = 3_600_000
const target = { kind: 'account' as const, id: ACCOUNT_ID, name: 'ai-prod' }
const role = {
  id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
  guid: COGNITIVE_SERVICES_USER,
  name: 'Cognitive Services User'
}

describe('ISO 8601 durations', () => {
  it.each([
    ['P180D', 180 * 24 * HOUR],
    ['PT8H', 8 * HOUR],
    ['P1DT2H30M', 26.5 * HOUR],
    ['P2W', 14 * 24 * HOUR],
    ['PT90S', 90_000]
  ])('reads %s', (text, ms) => expect(isoDurationMs(text)).toBe(ms))

  it.each(['', 'P', 'PT', '8h', 'P1Y', 'PT-1H'])('refuses %j', (text) =>
    expect(isoDurationMs(text)).toBeUndefined()
  )

  it('writes what PIM takes', () => {
    expect(isoDuration(6 * HOUR)).toBe('PT6H')
    expect(isoDuration(90 * 60_000)).toBe('PT1H30M')
    expect(isoDuration(24 * HOUR)).toBe('PT24H')
    expect(isoDuration(5 * 60_000 + 1000)).toBe('PT5M1S')
  })
})

describe('policyRefusals', () => {
  it('allows the default settings of a new tenant', () => {
    expect(policyRefusals(DEFAULT_RULES, 6 * HOUR)).toEqual([])
  })

  it('names the maximum duration rule and its value, and allows exactly the maximum', () => {
    const rules = { ...DEFAULT_RULES, maximumDuration: 'PT2H' }
    expect(policyRefusals(rules, 2 * HOUR)).toEqual([])
    const [refusal] = policyRefusals(rules, 3 * HOUR)
    expect(refusal).toContain('Expiration_Admin_Assignment allows active assignments of at most PT2H')
    expect(refusal).toContain('asks for PT3H')
  })

  it('names MFA and ticket requirements, not justification (the description is sent)', () => {
    const refusals = policyRefusals(
      { ...DEFAULT_RULES, enabledRules: ['Justification', 'MultiFactorAuthentication', 'Ticketing'] },
      HOUR
    )
    expect(refusals).toHaveLength(2)
    expect(refusals[0]).toContain('(MultiFactorAuthentication)')
    expect(refusals[1]).toContain('(Ticketing)')
  })
})

describe('checkPimPolicy', () => {
  it('reads the policy of the role at the target and throws every refusal at once', async () => {
    const pim = new FakePim()
    pim.rules = {
      maximumDuration: 'PT1H',
      isExpirationRequired: true,
      enabledRules: ['MultiFactorAuthentication']
    }
    await expect(checkPimPolicy(pim, target, role, 2 * HOUR)).rejects.toThrow(
      /the PIM settings of Cognitive Services User at ai-prod forbid this grant\. Nothing was changed\.\n- Expiration_Admin_Assignment.*\n- Enablement_Admin_Assignment/
    )
    expect(pim.calls).toEqual([{ method: 'adminAssignmentRules', args: [ACCOUNT_ID, role.id] }])
  })

  it('passes what the policy allows', async () => {
    await expect(checkPimPolicy(new FakePim(), target, role, 2 * HOUR)).resolves.toBeUndefined()
  })
})
