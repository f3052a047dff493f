import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../src/errors.js'
import { isGuid } from '../../../src/util/guid.js'
import {
  parseAccountName,
  parseAudience,
  parseBoolean,
  parseCloud,
  parseDeploymentName,
  parseDescription,
  parseDuration,
  parseGuid,
  parseHttpsUrl,
  parseMode,
  parsePrincipalType,
  parseResourceGroup,
  parseScope,
  parseWaitTimeout,
  show
} from '../../../src/inputs/validation.js'
import { parsePrincipalLine, parsePrincipals, parseRole } from '../../../src/inputs/principal-lines.js'
import {
  INVISIBLE_CHARS,
  MALFORMED_GUIDS,
  NOT_BOOLEANS,
  PATH_TRICKS,
  UNPRINTABLE,
  UNSAFE_TEXT,
  overLong
} from '../../fixtures/bad-values.js'

/** Runs `parse` and returns the InputError it throws; fails the test when it throws nothing or something else. */
function refusal(parse: () => unknown): InputError {
  try {
    parse()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError, but the value was accepted')
}

const GUID = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'

describe('show', () => {
  it('quotes the value and shortens long ones, so the message stays readable', () => {
    expect(show('rg')).toBe('"rg"')
    const shown = show(overLong(10_000))
    expect(shown.length).toBeLessThan(130)
    expect(shown).toContain('…')
  })

  it('keeps the end of a long resource ID, which is what tells it apart', () => {
    const id = `/subscriptions/${'0'.repeat(8)}-0000-4000-8000-000000000000/resourceGroups/rg-identities-with-a-long-name/providers/Microsoft.Web/sites/app-x`
    expect(id.length).toBeGreaterThan(120)
    expect(show(id)).toMatch(/^"\/subscriptions\/.*….*\/providers\/Microsoft\.Web\/sites\/app-x"$/)
  })

  it.each([...UNSAFE_TEXT])('prints no control or invisible character raw (%j)', (value) => {
    expect(show(value)).not.toMatch(UNPRINTABLE)
  })
})

describe('GUIDs', () => {
  it('accepts GUIDs in any case and returns them lower-cased', () => {
    expect(isGuid(GUID.toUpperCase())).toBe(true)
    expect(parseGuid('tenant-id', GUID.toUpperCase(), 'tenant ID')).toBe(GUID)
  })

  it.each([...MALFORMED_GUIDS, ...PATH_TRICKS, ...UNSAFE_TEXT, overLong(300), ''])(
    'refuses %j, naming the input and the expected form',
    (value) => {
      const error = refusal(() => parseGuid('tenant-id', value, 'tenant ID'))
      expect(error.input).toBe('tenant-id')
      expect(error.message).toMatch(/^Input 'tenant-id': .* is not a GUID\. Give the tenant ID as xxxxxxxx-/)
    }
  )
})

describe('booleans (YAML 1.2 core)', () => {
  it.each(['true', 'True', 'TRUE'])('%s is true', (value) => {
    expect(parseBoolean('dry-run', value, false)).toBe(true)
  })

  it.each(['false', 'False', 'FALSE'])('%s is false', (value) => {
    expect(parseBoolean('dry-run', value, true)).toBe(false)
  })

  it('an empty value takes the default', () => {
    expect(parseBoolean('dry-run', '', true)).toBe(true)
    expect(parseBoolean('dry-run', '', false)).toBe(false)
  })

  it.each([...NOT_BOOLEANS])('%j is refused, naming the input', (value) => {
    const error = refusal(() => parseBoolean('dry-run', value, false))
    expect(error.input).toBe('dry-run')
    expect(error.message).toContain('is not a boolean. Use true or false.')
  })
})

describe('choices', () => {
  it('match case-insensitively and return the canonical spelling', () => {
    expect(parseCloud('environment', 'azureusgovernment')).toBe('AzureUSGovernment')
    expect(parseCloud('environment', 'CUSTOM')).toBe('Custom')
    expect(parseMode('mode', 'Revoke')).toBe('revoke')
    expect(parsePrincipalType('principal-type', 'serviceprincipal')).toBe('ServicePrincipal')
  })

  it.each([
    ['environment', parseCloud, 'AzureGermanCloud'],
    ['environment', parseCloud, 'Azure'],
    ['environment', parseCloud, 'AzureCloud\u200b'],
    ['mode', parseMode, 'grant'],
    ['mode', parseMode, 'assign,revoke'],
    ['principal-type', parsePrincipalType, 'ForeignGroup'],
    ['principal-type', parsePrincipalType, 'Users']
  ] as const)('%s refuses %j and lists the choices', (input, parse, value) => {
    const error = refusal(() => parse(input, value))
    expect(error.input).toBe(input)
    expect(error.message).toContain('is not one of')
  })
})

describe('resource group names', () => {
  it.each(['rg', 'rg-ml', 'My_RG-(prod).1', 'a'.repeat(90), '-', '_x_'])('accepts %j', (value) => {
    expect(parseResourceGroup('resource-group', value)).toBe(value)
  })

  it.each([
    ...PATH_TRICKS,
    ...UNSAFE_TEXT,
    '..',
    'a..b',
    'ends.',
    'a b',
    'résumé',
    'rg-m\u0456', // Cyrillic i: looks like rg-mi
    'a*b',
    'a:b',
    'a%b',
    overLong(91),
    ''
  ])('refuses %j, naming the input and the rule', (value) => {
    const error = refusal(() => parseResourceGroup('resource-group', value))
    expect(error.input).toBe('resource-group')
    expect(error.message).toContain('1 to 90 letters, digits')
  })
})

describe('account names', () => {
  it.each(['ai', 'ai-prod', 'A_b.c-d', 'a'.repeat(64), '0ai'])('accepts %j', (value) => {
    expect(parseAccountName('resource-name', value)).toBe(value)
  })

  it.each([
    ...PATH_TRICKS,
    ...UNSAFE_TEXT,
    'a',
    '-lead',
    '_lead',
    '.lead',
    'a..b',
    'a b',
    'ai\u0430',
    overLong(65),
    ''
  ])('refuses %j, naming the input', (value) => {
    const error = refusal(() => parseAccountName('resource-name', value))
    expect(error.input).toBe('resource-name')
    expect(error.message).toContain('is not a valid account name')
  })
})

describe('model deployment names', () => {
  it.each(['gpt-4o', 'gpt-4o-mini', 'Phi-4', 'o3.mini', 'x'])('accepts %j', (value) => {
    expect(parseDeploymentName('probe-model', value)).toBe(value)
  })

  it.each([...PATH_TRICKS, ...UNSAFE_TEXT, '..', 'gpt 4o', '-gpt', overLong(65)])('refuses %j', (value) => {
    expect(refusal(() => parseDeploymentName('probe-model', value)).input).toBe('probe-model')
  })
})

describe('https URLs and scopes', () => {
  it('returns the URL as the URL parser writes it', () => {
    expect(parseHttpsUrl('arm-endpoint', 'https://management.azurestack.local')).toBe(
      'https://management.azurestack.local/'
    )
  })

  it.each([
    'http://management.azure.com',
    'ftp://management.azure.com',
    'management.azure.com',
    'not a url',
    'https://user:secret@management.azure.com',
    'https://management.azure.com/?api-version=1',
    'https://management.azure.com/#x',
    'https://manage\nment.azure.com',
    'https://manage\tment.azure.com',
    'https://management.azure.com/\u200b',
    'https://management.azure.com/\u202e',
    ''
  ])('arm-endpoint refuses %j', (value) => {
    expect(refusal(() => parseHttpsUrl('arm-endpoint', value)).input).toBe('arm-endpoint')
  })

  it.each(['https://cognitiveservices.azure.com/.default', 'https://cognitiveservices.azure.us/.default'])(
    'inference-scope accepts %j unchanged',
    (value) => {
      expect(parseScope('inference-scope', value)).toBe(value)
    }
  )

  it.each([
    'https://cognitiveservices.azure.com',
    'https://cognitiveservices.azure.com/',
    'http://cognitiveservices.azure.com/.default',
    'cognitiveservices.azure.com/.default',
    'https://cognitiveservices.azure.com/.default?x=1',
    'https://cognitiveservices.azure.com/.default#x',
    'https://cognitive\nservices.azure.com/.default',
    'https://cognitiveservices.azure.com/\u200b.default',
    'https://u:p@cognitiveservices.azure.com/.default'
  ])('inference-scope refuses %j', (value) => {
    expect(refusal(() => parseScope('inference-scope', value)).input).toBe('inference-scope')
  })
})

describe('audience', () => {
  it.each(['api://AzureADTokenExchange', 'api://AzureADTokenExchangeUSGov', 'https://example.com/custom'])(
    'accepts %j',
    (value) => {
      expect(parseAudience('audience', value)).toBe(value)
    }
  )

  it.each([...UNSAFE_TEXT, 'api://AzureADTokenExchange extra', overLong(257)])('refuses %j', (value) => {
    expect(refusal(() => parseAudience('audience', value)).input).toBe('audience')
  })
})

describe('wait-timeout', () => {
  it.each([
    ['1', 1],
    ['600', 600],
    ['21600', 21600]
  ])('%s is %d seconds', (value, seconds) => {
    expect(parseWaitTimeout('wait-timeout', value)).toBe(seconds)
  })

  it.each([
    '0',
    '-1',
    '1.5',
    '1e3',
    '21601',
    '100000',
    'abc',
    '60s',
    '0x10',
    '６０',
    '1 0',
    'Infinity',
    'NaN',
    ''
  ])('refuses %j', (value) => {
    const error = refusal(() => parseWaitTimeout('wait-timeout', value))
    expect(error.input).toBe('wait-timeout')
    expect(error.message).toContain('from 1 to 21600')
  })
})

describe('expires-after', () => {
  const MINUTE = 60_000
  const HOUR = 60 * MINUTE
  const DAY = 24 * HOUR

  it.each([
    ['90m', 90 * MINUTE],
    ['6h', 6 * HOUR],
    ['1d', DAY],
    ['PT6H', 6 * HOUR],
    ['P1D', DAY],
    ['PT1H30M', 90 * MINUTE],
    ['6H', 6 * HOUR],
    ['pt6h', 6 * HOUR],
    ['6 h', 6 * HOUR],
    [' 6h ', 6 * HOUR],
    ['P1DT12H', 36 * HOUR],
    ['PT300S', 5 * MINUTE],
    ['5m', 5 * MINUTE],
    ['PT5M', 5 * MINUTE],
    ['365d', 365 * DAY],
    ['P365D', 365 * DAY],
    ['8760h', 365 * DAY]
  ])('%j is %d ms', (value, ms) => {
    expect(parseDuration('expires-after', value)).toBe(ms)
  })

  it.each([
    '4m',
    'PT4M59S',
    'PT299S',
    '0m',
    'P0D',
    'PT0S',
    '366d',
    'P365DT1S',
    '8761h',
    '99999999999999999999d'
  ])('refuses %j: under 5 minutes or over 365 days', (value) => {
    const error = refusal(() => parseDuration('expires-after', value))
    expect(error.input).toBe('expires-after')
    expect(error.message).toContain('out of range')
    expect(error.message).toContain('at least 5 minutes and at most 365 days')
  })

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    '6',
    '-1h',
    '1.5h',
    'PT1.5H',
    '6hours',
    '1w',
    'P1W',
    'P1Y',
    '6h30m',
    'six hours',
    'Infinity',
    '６h',
    ...UNSAFE_TEXT.map((value) => `6h${value}`)
  ])('refuses %j: not a duration', (value) => {
    const error = refusal(() => parseDuration('expires-after', value))
    expect(error.input).toBe('expires-after')
    expect(error.message.startsWith("Input 'expires-after': ")).toBe(true)
    expect(error.message).toContain('is not a duration')
    expect(error.message).toContain('(90m, 6h, 1d) or ISO 8601 (PT6H)')
    expect(error.message).not.toMatch(UNPRINTABLE)
  })
})

describe('description', () => {
  it('keeps line breaks, which ARM stores as they are', () => {
    expect(parseDescription('description', 'line one\nline two')).toBe('line one\nline two')
  })

  it.each([...UNSAFE_TEXT.filter((value) => value !== 'a\nb'), overLong(2049)])('refuses %j', (value) => {
    expect(refusal(() => parseDescription('description', value)).input).toBe('description')
  })

  it('accepts 2048 characters', () => {
    expect(parseDescription('description', overLong(2048))).toHaveLength(2048)
  })
})

describe('principal lines', () => {
  it.each([
    ['self', { raw: 'self', kind: 'self' }],
    ['  SELF  ', { raw: 'SELF', kind: 'self' }],
    [GUID.toUpperCase(), { raw: GUID.toUpperCase(), kind: 'object-id', objectId: GUID }],
    [
      'user:ada@contoso.com',
      { raw: 'user:ada@contoso.com', kind: 'user', value: 'ada@contoso.com', isGuid: false }
    ],
    [
      'user:ada_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      {
        raw: 'user:ada_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        kind: 'user',
        value: 'ada_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        isGuid: false
      }
    ],
    [
      `USER:${GUID.toUpperCase()}`,
      { raw: `USER:${GUID.toUpperCase()}`, kind: 'user', value: GUID, isGuid: true }
    ],
    [
      "group:ML Team's readers",
      { raw: "group:ML Team's readers", kind: 'group', value: "ML Team's readers", isGuid: false }
    ],
    ['Group: ml-team ', { raw: 'Group: ml-team', kind: 'group', value: 'ml-team', isGuid: false }],
    [`sp:${GUID}`, { raw: `sp:${GUID}`, kind: 'sp', value: GUID, isGuid: true }],
    ['sp:deploy-bot', { raw: 'sp:deploy-bot', kind: 'sp', value: 'deploy-bot', isGuid: false }]
  ])('%j', (line, expected) => {
    expect(parsePrincipalLine('principal', line)).toEqual(expected)
  })

  it.each([
    ...UNSAFE_TEXT.map((value) => `group:${value}`),
    ...INVISIBLE_CHARS.map((value) => `self${value.slice(1)}`),
    'usr:ada@contoso.com',
    'group:',
    'sp:   ',
    'user:ada',
    'user:../ada@contoso.com',
    'user:ada@contoso.com/..',
    'user:a/b@contoso.com',
    'user:a\\b@contoso.com',
    'user:a?b@contoso.com',
    'user:%2e%2e@contoso.com',
    'user:ada@contoso.com#x',
    'user:ada@@contoso.com',
    `sp:${overLong(257)}`,
    'ada@contoso.com',
    '../',
    ...MALFORMED_GUIDS.filter((value) => !value.includes('\n'))
  ])('refuses %j, naming the input', (line) => {
    expect(refusal(() => parsePrincipalLine('principal', line)).input).toBe('principal')
  })

  it('an empty list means self; blank lines and CRLF are ignored', () => {
    expect(parsePrincipals('principal', '')).toEqual([{ raw: 'self', kind: 'self' }])
    expect(parsePrincipals('principal', '\r\n  \r\n').map((p) => p.kind)).toEqual(['self'])
    expect(parsePrincipals('principal', `self\r\n\r\n${GUID}\n  group:ml\n`).map((p) => p.raw)).toEqual([
      'self',
      GUID,
      'group:ml'
    ])
  })

  it('refuses more than 200 principals, and accepts 200', () => {
    expect(parsePrincipals('principal', Array(200).fill('self').join('\n'))).toHaveLength(200)
    expect(refusal(() => parsePrincipals('principal', Array(201).fill('self').join('\n'))).message).toContain(
      'at most 200'
    )
  })
})

describe('role', () => {
  it.each([
    ['Cognitive Services User', { kind: 'name', name: 'Cognitive Services User' }],
    ["  Bob's Inference Role ", { kind: 'name', name: "Bob's Inference Role" }],
    [GUID.toUpperCase(), { kind: 'guid', guid: GUID }],
    [
      `/subscriptions/00000000-0000-4000-8000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${GUID.toUpperCase()}`,
      { kind: 'guid', guid: GUID }
    ],
    [`/providers/microsoft.authorization/roledefinitions/${GUID}`, { kind: 'guid', guid: GUID }]
  ])('%j', (value, expected) => {
    expect(parseRole('role', value)).toEqual(expected)
  })

  it.each([
    ...PATH_TRICKS,
    ...UNSAFE_TEXT,
    '   ',
    overLong(129),
    '/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/' + GUID,
    '/subscriptions/00000000-0000-4000-8000-000000000001/providers/Microsoft.Authorization/roleDefinitions/not-a-guid',
    `/providers/Microsoft.Authorization/roleDefinitions/${GUID}/../x`,
    `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Authorization/roleDefinitions/${GUID}`,
    `/providers/Microsoft.Authorization/roleAssignments/${GUID}`
  ])('refuses %j, naming the input', (value) => {
    expect(refusal(() => parseRole('role', value)).input).toBe('role')
  })
})
