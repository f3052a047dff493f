import { describe, expect, it } from '@jest/globals'
import { markTemporary, temporaryUntil, utcSeconds } from '../../../src/grant/expiry.js'

const AT = new Date(Date.UTC(2026, 10, 28, 17, 4, 5, 678))

describe('utcSeconds', () => {
  it('is ISO 8601 in UTC, to the second', () => {
    expect(utcSeconds(AT)).toBe('2026-11-28T17:04:05Z')
    expect(utcSeconds(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01T00:00:00Z')
  })

  it('drops the milliseconds rather than rounding them up', () => {
    expect(utcSeconds(new Date(Date.UTC(2026, 0, 1, 23, 59, 59, 999)))).toBe('2026-01-01T23:59:59Z')
  })
})

describe('markTemporary', () => {
  it('appends the marker after the description, with one space', () => {
    expect(markTemporary('Granted by GitHub Actions.', AT)).toBe(
      'Granted by GitHub Actions. temporary until 2026-11-28T17:04:05Z'
    )
  })

  it('an empty description is the marker alone', () => {
    expect(markTemporary('', AT)).toBe('temporary until 2026-11-28T17:04:05Z')
    expect(markTemporary('   ', AT)).toBe('temporary until 2026-11-28T17:04:05Z')
  })

  it('trailing whitespace is not doubled', () => {
    expect(markTemporary('Granted.  \n', AT)).toBe('Granted. temporary until 2026-11-28T17:04:05Z')
  })

  it('a marker already at the end is replaced, not repeated', () => {
    const once = markTemporary('Granted.', new Date(Date.UTC(2020, 0, 1)))
    expect(markTemporary(once, AT)).toBe('Granted. temporary until 2026-11-28T17:04:05Z')
    expect(markTemporary(`${once}  `, AT)).toBe('Granted. temporary until 2026-11-28T17:04:05Z')
  })

  it('a marker-like text in the middle is left as the author wrote it', () => {
    const text = 'temporary until 2020-01-01T00:00:00Z, then kept'
    expect(markTemporary(text, AT)).toBe(`${text} temporary until 2026-11-28T17:04:05Z`)
  })

  it('is read back by temporaryUntil, to the second', () => {
    expect(temporaryUntil(markTemporary('Granted.', AT))).toEqual(new Date(Date.UTC(2026, 10, 28, 17, 4, 5)))
  })
})

describe('temporaryUntil', () => {
  it('the time at the end of a marked description', () => {
    expect(temporaryUntil('x temporary until 2026-11-28T17:04:05Z')).toEqual(new Date('2026-11-28T17:04:05Z'))
    expect(temporaryUntil('temporary until 2026-11-28T17:04:05Z \n')).toEqual(
      new Date('2026-11-28T17:04:05Z')
    )
  })

  it.each([
    ['no description', undefined],
    ['an empty one', ''],
    ['one without the marker', 'Granted by GitHub Actions.'],
    ['a marker that is not at the end', 'temporary until 2026-11-28T17:04:05Z and more'],
    ['a time without Z', 'temporary until 2026-11-28T17:04:05'],
    ['a time with milliseconds', 'temporary until 2026-11-28T17:04:05.123Z'],
    ['a date only', 'temporary until 2026-11-28'],
    ['another word', 'permanent until 2026-11-28T17:04:05Z'],
    ['an impossible date', 'temporary until 2026-13-45T99:99:99Z']
  ])('undefined for %s', (_, description) => {
    expect(temporaryUntil(description)).toBeUndefined()
  })

  it('is case-sensitive about the marker, as it writes it', () => {
    expect(temporaryUntil('Temporary until 2026-11-28T17:04:05Z')).toBeUndefined()
  })
})
