import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Inputs } from '../../../src/constants.js'
import { InputError } from '../../../src/errors.js'
import { fakeCore } from '../../fixtures/core.js'
import {
  MALFORMED_GUIDS,
  NOT_BOOLEANS,
  PATH_TRICKS,
  UNPRINTABLE,
  UNSAFE_TEXT,
  overLong
} from '../../fixtures/bad-values.js'
import { isolateEnv, readerOf, stepInputs } from '../../fixtures/inputs.js'
import { CLIENT, SUBSCRIPTION, TENANT } from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { readInputs } = await import('../../../src/inputs/inputs.js')

let restoreEnv: () => void
beforeEach(() => {
  core.reset()
  restoreEnv = isolateEnv()
})
afterEach(() => restoreEnv())

const read = (overrides: Record<string, string> = {}) => readInputs(readerOf(stepInputs(overrides)))

function refusal(overrides: Record<string, string>): InputError {
  try {
    read(overrides)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error(`expected an InputError for ${JSON.stringify(overrides)}`)
}

const GUID_INPUTS = [Inputs.ClientId, Inputs.TenantId, Inputs.SubscriptionId] as const
const BOOLEAN_INPUTS = [
  Inputs.AllowPrivilegedRole,
  Inputs.DryRun,
  Inputs.RevokeAfterJob,
  Inputs.WaitForPropagation
] as const

/** Every input with values it must refuse: the error must name that input. */
const BAD: [string, readonly string[], Record<string, string>?][] = [
  ...GUID_INPUTS.map((input): [string, readonly string[]] => [
    input,
    [...MALFORMED_GUIDS, ...PATH_TRICKS, ...UNSAFE_TEXT, overLong(5000)]
  ]),
  ...BOOLEAN_INPUTS.map((input): [string, readonly string[]] => [input, NOT_BOOLEANS]),
  [Inputs.AuthType, ['azurecli', 'cli', 'azure_cli', 'service-principal', 'oidc\u200b', '../']],
  [
    Inputs.Environment,
    ['AzureGermanCloud', 'AzureStackCloud', 'public', 'AzureUSGov', 'Custom\u202e', '../']
  ],
  [Inputs.Mode, ['grant', 'remove', 'delete', 'asign', 'assign\nrevoke', 'revoke\u200b']],
  [Inputs.PrincipalType, ['Users', 'Application', 'ManagedIdentity', 'ForeignGroup', 'Group\u200d']],
  [Inputs.ResourceGroup, [...PATH_TRICKS, ...UNSAFE_TEXT, '..', 'ends.', 'a b', 'résumé', overLong(91)]],
  [Inputs.ResourceName, [...PATH_TRICKS, ...UNSAFE_TEXT, '..', 'a', '-lead', 'a b', overLong(65)]],
  [
    Inputs.Principal,
    [
      ...UNSAFE_TEXT.filter((value) => !/[\r\n]/.test(value)).map((value) => `group:${value}`),
      'usr:ada@contoso.com',
      'group:',
      'user:ada',
      'user:../ada@contoso.com',
      'user:a/b@contoso.com',
      'user:a?b@contoso.com',
      'user:%2e%2e@contoso.com',
      '../',
      '%2e%2e',
      'self\nbad-line',
      Array(201).fill('self').join('\n'),
      `sp:${overLong(300)}`
    ]
  ],
  [Inputs.Role, [...PATH_TRICKS, ...UNSAFE_TEXT, overLong(129)]],
  [Inputs.Description, [...UNSAFE_TEXT.filter((value) => !/^a(\r?\n)b$/.test(value)), overLong(2049)]],
  [Inputs.WaitTimeout, ['0', '-5', '1.5', '1e3', '21601', 'ten', '60s', '0x10']],
  [
    Inputs.ExpiresAfter,
    ['4m', 'PT4M', '366d', 'P366D', 'garbage', '6', '-6h', '1w', 'P', ...UNSAFE_TEXT.map((v) => `6h${v}`)],
    { [Inputs.RevokeAfterJob]: 'true' }
  ],
  [
    Inputs.ProbeModel,
    [...PATH_TRICKS, ...UNSAFE_TEXT, '..', 'gpt 4o', overLong(65)],
    { [Inputs.WaitForPropagation]: 'true' }
  ],
  [Inputs.Audience, [...UNSAFE_TEXT, 'api://AzureADTokenExchange extra', overLong(257)]],
  [
    Inputs.InferenceScope,
    [
      ...UNSAFE_TEXT,
      'https://cognitiveservices.azure.com',
      'http://cognitiveservices.azure.com/.default',
      'https://cognitiveservices.azure.com/.default?x',
      'https://cognitiveservices.azure.com/.default#x',
      '../.default'
    ]
  ],
  [
    Inputs.ArmEndpoint,
    [
      ...UNSAFE_TEXT.map((value) => `https://management.${value}.local`),
      'http://management.azurestack.local',
      'https://user:pw@management.azurestack.local',
      'https://management.azurestack.local/?x=1',
      'https://management.azurestack.local/#x',
      'management.azurestack.local',
      '../'
    ],
    { [Inputs.Environment]: 'Custom' }
  ]
]

describe('readInputs refuses every bad value, naming the input', () => {
  const cases = BAD.flatMap(([input, values, context]) =>
    values.map((value): [string, string, Record<string, string>] => [input, value, context ?? {}])
  )

  it.each(cases)('%s: %j', (input, value, context) => {
    const error = refusal({ ...context, [input]: value })
    expect(error.input).toBe(input)
    expect(error.message.startsWith(`Input '${input}': `)).toBe(true)
    // The message is one printable line, however the value was made.
    expect(error.message).not.toMatch(UNPRINTABLE)
    expect(error.message.length).toBeLessThan(600)
  })
})

describe('readInputs accepts good values', () => {
  it('fills in every default', () => {
    const inputs = read()
    expect(inputs).toEqual({
      clientId: CLIENT,
      tenantId: TENANT,
      subscriptionId: SUBSCRIPTION,
      authType: 'auto',
      environment: 'AzureCloud',
      armEndpoint: undefined,
      audience: undefined,
      inferenceScope: undefined,
      scopes: [{ kind: 'account', resourceGroup: 'rg-ml', account: 'ai-prod' }],
      principals: [{ raw: 'self', kind: 'self' }],
      principalType: undefined,
      role: undefined,
      allowPrivilegedRole: false,
      description: undefined,
      mode: 'assign',
      dryRun: false,
      revokeAfterJob: false,
      expiresAfterMs: 6 * 60 * 60_000,
      timeBound: 'false',
      waitForPropagation: false,
      waitTimeoutSeconds: 600,
      probeModel: undefined
    })
    expect(Object.isFrozen(inputs)).toBe(true)
  })

  it.each(
    BOOLEAN_INPUTS.flatMap((input) => ['true', 'True', 'TRUE', ' true '].map((value) => [input, value]))
  )('%s: %j is true', (input, value) => {
    const inputs = read({ [input]: value })
    const key = {
      [Inputs.AllowPrivilegedRole]: 'allowPrivilegedRole',
      [Inputs.DryRun]: 'dryRun',
      [Inputs.RevokeAfterJob]: 'revokeAfterJob',
      [Inputs.WaitForPropagation]: 'waitForPropagation'
    }[input] as keyof typeof inputs
    expect(inputs[key]).toBe(true)
  })

  it.each(BOOLEAN_INPUTS.flatMap((input) => ['false', 'False', 'FALSE', ''].map((value) => [input, value])))(
    '%s: %j is false',
    (input, value) => {
      expect(Object.values(read({ [input]: value })).filter((v) => v === true)).toEqual([])
    }
  )

  it('takes environment names in any case, and Custom with its Resource Manager', () => {
    expect(read({ [Inputs.Environment]: 'azurechinacloud' }).environment).toBe('AzureChinaCloud')
    const custom = read({ [Inputs.Environment]: 'custom', [Inputs.ArmEndpoint]: 'https://management.local' })
    expect(custom).toMatchObject({ environment: 'Custom', armEndpoint: 'https://management.local/' })
  })

  it('a principal given but blank (spaces, empty lines) is an error naming it; one left out is self', () => {
    const given = (name: string) => name === Inputs.Principal
    const blank = readerOf(stepInputs({ [Inputs.Principal]: '' }))
    expect(() => readInputs(blank, given)).toThrow(`Input '${Inputs.Principal}'`)
    expect(() => readInputs(blank, given)).toThrow('is empty')
    expect(readInputs(blank, () => false).principals).toEqual([{ raw: 'self', kind: 'self' }])
  })

  it('reads several principals, one a line, in order', () => {
    const inputs = read({
      [Inputs.Principal]: `self\n\nuser:ada@contoso.com\r\ngroup:ML Team\n${CLIENT.toUpperCase()}`
    })
    expect(inputs.principals.map((p) => p.kind)).toEqual(['self', 'user', 'group', 'object-id'])
  })

  it('trims surrounding whitespace of every value', () => {
    const inputs = read({
      [Inputs.ResourceGroup]: '  rg-ml\n',
      [Inputs.ResourceName]: '\tai-prod ',
      [Inputs.WaitTimeout]: ' 30 ',
      [Inputs.Mode]: ' revoke '
    })
    expect(inputs).toMatchObject({
      scopes: [{ kind: 'account', resourceGroup: 'rg-ml', account: 'ai-prod' }],
      waitTimeoutSeconds: 30,
      mode: 'revoke'
    })
  })
})

describe('required inputs and environment defaults', () => {
  it.each([Inputs.ResourceGroup, Inputs.ResourceName])('%s is required', (input) => {
    const error = refusal({ [input]: '  ' })
    expect(error.input).toBe(input)
    expect(error.message).toContain('is required')
  })

  it('takes the IDs from AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_SUBSCRIPTION_ID when the inputs are empty', () => {
    process.env.AZURE_CLIENT_ID = CLIENT.toUpperCase()
    process.env.AZURE_TENANT_ID = TENANT
    process.env.AZURE_SUBSCRIPTION_ID = SUBSCRIPTION
    const inputs = read({ [Inputs.ClientId]: '', [Inputs.TenantId]: '', [Inputs.SubscriptionId]: '' })
    expect(inputs).toMatchObject({ clientId: CLIENT, tenantId: TENANT, subscriptionId: SUBSCRIPTION })
  })

  it('an input wins over its environment variable', () => {
    process.env.AZURE_CLIENT_ID = 'not even a guid'
    expect(read().clientId).toBe(CLIENT)
  })

  it('a bad environment default is refused, naming the input it stands for', () => {
    process.env.AZURE_TENANT_ID = '../../evil'
    expect(refusal({ [Inputs.TenantId]: '' }).input).toBe(Inputs.TenantId)
  })

  it.each([
    [Inputs.ClientId, { [Inputs.AuthType]: 'oidc', [Inputs.ClientId]: '' }],
    [Inputs.TenantId, { [Inputs.AuthType]: 'oidc', [Inputs.TenantId]: '' }],
    [Inputs.SubscriptionId, { [Inputs.AuthType]: 'oidc', [Inputs.SubscriptionId]: '' }]
  ])('auth-type oidc needs %s', (input, overrides) => {
    expect(refusal(overrides).input).toBe(input)
  })

  it('auth-type azure-cli needs no IDs at all', () => {
    const inputs = read({
      [Inputs.AuthType]: 'azure-cli',
      [Inputs.ClientId]: '',
      [Inputs.TenantId]: '',
      [Inputs.SubscriptionId]: ''
    })
    expect(inputs).toMatchObject({ authType: 'azure-cli', clientId: undefined, subscriptionId: undefined })
  })
})

describe('expires-after', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['6h', 6 * 3_600_000],
    ['1d', 24 * 3_600_000],
    ['PT6H', 6 * 3_600_000],
    ['P1D', 24 * 3_600_000],
    ['PT1H30M', 90 * 60_000],
    [' 2h ', 2 * 3_600_000]
  ])('%j with revoke-after-job is %d ms', (value, ms) => {
    expect(read({ [Inputs.RevokeAfterJob]: 'true', [Inputs.ExpiresAfter]: value }).expiresAfterMs).toBe(ms)
  })

  it('defaults to six hours, with or without revoke-after-job', () => {
    expect(read().expiresAfterMs).toBe(21_600_000)
    expect(read({ [Inputs.RevokeAfterJob]: 'true', [Inputs.ExpiresAfter]: '  ' }).expiresAfterMs).toBe(
      21_600_000
    )
  })

  it.each([
    ['under 5 minutes', '4m', 'out of range'],
    ['over 365 days', '366d', 'out of range'],
    ['garbage', 'soon', 'is not a duration']
  ])('refuses a value %s, naming expires-after', (_, value, said) => {
    const error = refusal({ [Inputs.RevokeAfterJob]: 'true', [Inputs.ExpiresAfter]: value })
    expect(error.input).toBe(Inputs.ExpiresAfter)
    expect(error.message).toContain(said)
  })
})

describe('description with revoke-after-job', () => {
  // Room for ' temporary until 2026-01-01T00:00:00Z' (37 characters) in Azure's 2048.
  it('refuses a description over 2011 characters, naming description', () => {
    const error = refusal({ [Inputs.RevokeAfterJob]: 'true', [Inputs.Description]: overLong(2012) })
    expect(error.input).toBe(Inputs.Description)
    expect(error.message).toContain('is 2012 characters long')
    expect(error.message).toContain('keep it to 2011')
    expect(error.message).toContain('revoke-after-job')
  })

  it('accepts 2011 characters with revoke-after-job, and 2048 without it', () => {
    expect(
      read({ [Inputs.RevokeAfterJob]: 'true', [Inputs.Description]: overLong(2011) }).description
    ).toHaveLength(2011)
    expect(read({ [Inputs.Description]: overLong(2048) }).description).toHaveLength(2048)
  })
})

describe('combinations', () => {
  it('arm-endpoint is required with environment Custom', () => {
    const error = refusal({ [Inputs.Environment]: 'Custom' })
    expect(error.input).toBe(Inputs.ArmEndpoint)
    expect(error.message).toContain('is required with environment: Custom')
  })

  it('arm-endpoint is refused with a known cloud', () => {
    const error = refusal({ [Inputs.ArmEndpoint]: 'https://management.local' })
    expect(error.input).toBe(Inputs.ArmEndpoint)
    expect(error.message).toContain('only used with environment: Custom')
  })

  it('mode revoke refuses wait-for-propagation and revoke-after-job', () => {
    expect(refusal({ [Inputs.Mode]: 'revoke', [Inputs.WaitForPropagation]: 'true' }).input).toBe(
      Inputs.WaitForPropagation
    )
    expect(refusal({ [Inputs.Mode]: 'revoke', [Inputs.RevokeAfterJob]: 'true' }).input).toBe(
      Inputs.RevokeAfterJob
    )
  })

  it('warns that probe-model is ignored without a wait, and does not fail', () => {
    expect(read({ [Inputs.ProbeModel]: 'gpt-4o' }).probeModel).toBe('gpt-4o')
    expect(core.messages('warning').join('\n')).toContain(`Input '${Inputs.ProbeModel}' is ignored`)
  })

  it('says nothing about probe-model when the wait uses it', () => {
    read({ [Inputs.ProbeModel]: 'gpt-4o', [Inputs.WaitForPropagation]: 'true' })
    expect(core.messages('warning')).toEqual([])
  })

  it('reads probe-client-id as a client ID, and refuses anything else naming it', () => {
    const id = '55555555-0000-4000-8000-000000000061'
    expect(read({ [Inputs.ProbeClientId]: id, [Inputs.WaitForPropagation]: 'true' }).probeClientId).toBe(id)
    expect(read({}).probeClientId).toBeUndefined()
    const error = refusal({
      [Inputs.ProbeClientId]: 'contoso-inference',
      [Inputs.WaitForPropagation]: 'true'
    })
    expect(error.input).toBe(Inputs.ProbeClientId)
    expect(error.message).toContain('is not a GUID. Give the client ID')
  })

  it('warns that probe-client-id is ignored without a wait, and does not fail', () => {
    read({ [Inputs.ProbeClientId]: '55555555-0000-4000-8000-000000000061' })
    expect(core.messages('warning')).toEqual([
      `Input '${Inputs.ProbeClientId}' is ignored: it is only used by the wait (${Inputs.WaitForPropagation}: true).`
    ])
  })
})

describe('reading', () => {
  it('reads the runner inputs through @actions/core by default', () => {
    core.inputs = stepInputs({ [Inputs.Mode]: 'revoke' })
    expect(readInputs().mode).toBe('revoke')
  })
})

describe('mode: sweep and time-bound', () => {
  it('reads mode sweep and time-bound pim in any case', () => {
    expect(read({ [Inputs.Mode]: 'Sweep' }).mode).toBe('sweep')
    expect(read({ [Inputs.RevokeAfterJob]: 'true', [Inputs.TimeBound]: 'PIM' }).timeBound).toBe('pim')
    expect(read({ [Inputs.TimeBound]: 'false' }).timeBound).toBe('false')
  })

  it('refuses another time-bound, naming the input and the choices', () => {
    const error = refusal({ [Inputs.RevokeAfterJob]: 'true', [Inputs.TimeBound]: 'true' })
    expect(error.input).toBe(Inputs.TimeBound)
    expect(error.message).toContain('false, pim')
  })

  it('refuses time-bound pim without revoke-after-job', () => {
    const error = refusal({ [Inputs.TimeBound]: 'pim' })
    expect(error.message).toBe(
      `Input 'time-bound': pim needs revoke-after-job: true (it makes a temporary grant); set it, or remove time-bound.`
    )
  })

  it('refuses revoke-after-job and wait-for-propagation with mode sweep', () => {
    expect(refusal({ [Inputs.Mode]: 'sweep', [Inputs.RevokeAfterJob]: 'true' }).input).toBe(
      Inputs.RevokeAfterJob
    )
    expect(refusal({ [Inputs.Mode]: 'sweep', [Inputs.WaitForPropagation]: 'true' }).input).toBe(
      Inputs.WaitForPropagation
    )
  })
})

describe('mode: report', () => {
  it('reads mode report in any case', () => {
    expect(read({ [Inputs.Mode]: 'Report' }).mode).toBe('report')
  })

  it('refuses revoke-after-job and wait-for-propagation with mode report: a report changes nothing', () => {
    const temporary = refusal({ [Inputs.Mode]: 'report', [Inputs.RevokeAfterJob]: 'true' })
    expect(temporary.input).toBe(Inputs.RevokeAfterJob)
    expect(temporary.message).toContain('mode: report; the report only reads who can call the endpoint')
    expect(refusal({ [Inputs.Mode]: 'report', [Inputs.WaitForPropagation]: 'true' }).input).toBe(
      Inputs.WaitForPropagation
    )
  })
})
