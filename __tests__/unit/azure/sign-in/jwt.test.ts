import { describe, expect, it } from '@jest/globals'
import { claimText, decodeClaims } from '../../../../src/azure/sign-in/jwt.js'
import { jwt } from '../../../fixtures/jwt.js'

describe('JWT claims', () => {
  it('decodes the payload without verifying', () => {
    expect(decodeClaims(jwt({ oid: 'abc', aud: ['a', 'b'] }))).toEqual({ oid: 'abc', aud: ['a', 'b'] })
  })

  it.each([
    '',
    'no-dots',
    'a.!!!.c',
    `a.${Buffer.from('"just a string"').toString('base64url')}.c`,
    `a.${Buffer.from('null').toString('base64url')}.c`
  ])('%j has no claims', (token) => {
    expect(decodeClaims(token)).toEqual({})
  })

  it('claimText reads strings, joins string arrays, ignores the rest', () => {
    const claims = { sub: 'repo:o/r:ref:refs/heads/main', aud: ['x', 1, 'y'], exp: 1 }
    expect(claimText(claims, 'sub')).toBe('repo:o/r:ref:refs/heads/main')
    expect(claimText(claims, 'aud')).toBe('x, y')
    expect(claimText(claims, 'exp')).toBeUndefined()
    expect(claimText(claims, 'missing')).toBeUndefined()
  })
})
