import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createdByThisStep, pimRequestDone } from '../../../src/resend/own-resend.js'

const SELF = '11111111-1111-4111-8111-111111111111'
const OTHER = '22222222-2222-4222-8222-222222222222'

describe('a resent PUT answered 200', () => {
  it("is this step's own creation only when resent, made by the signed-in identity, after the read", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(SELF, SELF.toUpperCase(), OTHER, undefined),
        fc.integer({ min: -10_000, max: 10_000 }),
        (created, resent, createdBy, offset) => {
          const readAt = 1_800_000_000_000
          const answer = { created, resent, createdBy, createdOn: readAt + offset }
          const mine = createdByThisStep(answer, readAt, SELF)
          const expected = created || (resent && createdBy?.toLowerCase() === SELF && offset > 0)
          expect(mine).toBe(expected)
        }
      )
    )
  })

  it('never claims a creation without knowing who signed in or when it was made', () => {
    expect(
      createdByThisStep({ created: false, resent: true, createdBy: SELF, createdOn: 2 }, 1, undefined)
    ).toBe(false)
    expect(createdByThisStep({ created: false, resent: true, createdBy: SELF }, 1, SELF)).toBe(false)
  })
})

describe('a resent PIM request answered 409', () => {
  it.each([
    ['Provisioned', true],
    ['granted', true],
    ['Revoked', true],
    ['Failed', false],
    ['Denied', false],
    [undefined, false]
  ])('status %s: done %s', (status, done) => {
    expect(pimRequestDone(status)).toBe(done)
  })
})
