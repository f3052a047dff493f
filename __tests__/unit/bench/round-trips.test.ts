import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { criticalPath, roundTripDepth } from '../../../bench/support/round-trips.js'
import type { Span } from '../../../bench/support/round-trips.js'

const span = (startedAt: number, endedAt: number, name = ''): Span & { name: string } => ({
  startedAt,
  endedAt,
  name
})

const spans = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 1_000 }))
    .map(([start, length]) => span(start, start + length)),
  { maxLength: 30 }
)

describe('roundTripDepth', () => {
  it('counts requests made one after the other, each once', () => {
    expect(roundTripDepth([span(0, 200), span(200, 400), span(401, 600)])).toBe(3)
  })

  it('counts requests in flight together as one round trip', () => {
    expect(roundTripDepth([span(0, 200), span(5, 205), span(10, 190)])).toBe(1)
  })

  it('follows the longest chain, not the most requests: the cloud metadata and the ID token together', () => {
    const waves = [
      span(0, 200, 'metadata'),
      span(1, 201, 'id token'),
      span(201, 401, 'openid'),
      span(402, 602, 'token'),
      span(603, 803, 'account'),
      span(604, 804, 'list'),
      span(805, 1005, 'put')
    ]
    expect(criticalPath(waves).map((s) => s.name)).toEqual(['metadata', 'openid', 'token', 'account', 'put'])
  })

  it('forgives a start within the slack before the previous end, never half a request', () => {
    expect(roundTripDepth([span(0, 200), span(198, 400)], 0)).toBe(1)
    expect(roundTripDepth([span(0, 200), span(198, 400)], 5)).toBe(2)
    expect(roundTripDepth([span(0, 200), span(90, 300)], 150)).toBe(1)
  })

  it('is 0 for no requests and at most their number', () => {
    expect(roundTripDepth([])).toBe(0)
    fc.assert(
      fc.property(spans, (list) => {
        const depth = roundTripDepth(list)
        expect(depth).toBeLessThanOrEqual(list.length)
        if (list.length > 0) expect(depth).toBeGreaterThanOrEqual(1)
      })
    )
  })

  it('does not depend on the order of the journal, and never drops with one more request', () => {
    fc.assert(
      fc.property(spans, spans, (list, more) => {
        expect(roundTripDepth([...list].reverse())).toBe(roundTripDepth(list))
        expect(roundTripDepth([...list, ...more])).toBeGreaterThanOrEqual(roundTripDepth(list))
      })
    )
  })

  it('returns a chain whose every request starts after the one before it ended', () => {
    fc.assert(
      fc.property(spans, (list) => {
        const chain = criticalPath(list)
        expect(chain).toHaveLength(roundTripDepth(list))
        for (let i = 1; i < chain.length; i++)
          expect((chain[i] as Span).startedAt).toBeGreaterThanOrEqual((chain[i - 1] as Span).endedAt)
      })
    )
  })
})
