import { describe, expect, it } from '@jest/globals'
import { chooseVersion, COGNITIVE_TYPES, supportedVersions } from '../../../src/azure/api-versions.js'

// Resource Manager's words, as it answers a version a cloud does not serve (oldest first today; older answers
// listed the newest first, so the order must not matter).
const refusal = (listed: string): string =>
  `No registered resource provider found for location 'usgovvirginia' and API version '2025-09-01' for type 'accounts'. The supported api-versions are '${listed}'. The supported locations are 'usgovvirginia, usgovarizona'.`

describe('the versions a refusal lists', () => {
  it('are read in either order, dated versions only', () => {
    expect(supportedVersions(refusal('2023-05-01, 2024-10-01, 2024-06-01-preview'))).toEqual([
      '2023-05-01',
      '2024-10-01',
      '2024-06-01-preview'
    ])
    expect(supportedVersions(refusal('2024-10-01,2023-05-01'))).toEqual(['2024-10-01', '2023-05-01'])
    expect(supportedVersions('The resource type could not be found.')).toEqual([])
  })
})

describe('choosing a version', () => {
  it('takes the newest stable version, whatever the order ARM listed them in', () => {
    const listed = ['2022-12-01', '2024-10-01', '2024-06-01-preview', '2023-05-01']
    expect(chooseVersion(listed, COGNITIVE_TYPES.accounts)).toBe('2024-10-01')
    expect(chooseVersion([...listed].reverse(), COGNITIVE_TYPES.accounts)).toBe('2024-10-01')
  })

  it('takes a preview only when no stable version serves', () => {
    const need = COGNITIVE_TYPES['accounts/projects']
    expect(chooseVersion(['2025-07-01-preview', '2025-06-01'], need)).toBe('2025-06-01')
    expect(chooseVersion(['2025-07-01-preview', '2024-10-01'], need)).toBe('2025-07-01-preview')
  })

  it('a project needs 2025-06-01 or later: a cloud with older versions only has none', () => {
    const need = COGNITIVE_TYPES['accounts/projects']
    expect(chooseVersion(['2025-04-01-preview', '2024-10-01'], need)).toBeUndefined()
    expect(chooseVersion([], need)).toBeUndefined()
  })
})
