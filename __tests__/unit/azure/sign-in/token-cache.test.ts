import { describe, expect, it } from '@jest/globals'
import type { AccessToken, TokenCredential } from '@azure/core-auth'
import { TokenCache } from '../../../../src/azure/sign-in/token-cache.js'
import { FakeClock } from '../../../fixtures/clock.js'

/** A credential that hands out numbered tokens living `lifetimeMs` on the fake clock, and counts its requests. */
function issuer(clock: FakeClock, lifetimeMs = 3_600_000) {
  const requests: string[] = []
  let release: (() => void) | undefined
  const credential: TokenCredential & { requests: string[]; hold: () => void; release: () => void } = {
    requests,
    hold: () => {
      release = undefined
      credential.getToken = async (scopes) => {
        requests.push(String(scopes))
        await new Promise<void>((resolve) => (release = resolve))
        return token()
      }
    },
    release: () => release?.(),
    getToken: async (scopes) => {
      requests.push(String(scopes))
      return token()
    }
  }
  const token = (): AccessToken => ({
    token: `token-${requests.length}`,
    expiresOnTimestamp: clock.now() + lifetimeMs
  })
  return credential
}

describe('token cache', () => {
  it('one token per scope, shared by every client', async () => {
    const clock = new FakeClock()
    const inner = issuer(clock)
    const cache = new TokenCache(inner, () => clock.now())
    expect((await cache.getToken('arm'))?.token).toBe('token-1')
    expect((await cache.getToken('arm'))?.token).toBe('token-1')
    expect((await cache.getToken(['arm']))?.token).toBe('token-1')
    expect((await cache.getToken('graph'))?.token).toBe('token-2')
    expect(inner.requests).toEqual(['arm', 'graph'])
  })

  it('renews a token two minutes before it expires (a quarter of short lifetimes)', async () => {
    const clock = new FakeClock()
    const inner = issuer(clock)
    const cache = new TokenCache(inner, () => clock.now())
    await cache.getToken('arm')
    clock.advance(3_600_000 - 120_001)
    expect((await cache.getToken('arm'))?.token).toBe('token-1')
    clock.advance(1)
    expect((await cache.getToken('arm'))?.token).toBe('token-2')

    const short = issuer(clock, 60_000)
    const shortCache = new TokenCache(short, () => clock.now())
    await shortCache.getToken('arm')
    clock.advance(45_000)
    await shortCache.getToken('arm')
    expect(short.requests).toHaveLength(2)
  })

  it('one request per scope at a time', async () => {
    const clock = new FakeClock()
    const inner = issuer(clock)
    inner.hold()
    const cache = new TokenCache(inner, () => clock.now())
    const both = Promise.all([cache.getToken('arm'), cache.getToken('arm')])
    await Promise.resolve()
    inner.release()
    const [a, b] = await both
    expect(a).toBe(b)
    expect(inner.requests).toEqual(['arm'])
  })

  it('a failed request is not cached: the next call tries again', async () => {
    const clock = new FakeClock()
    let calls = 0
    const cache = new TokenCache(
      {
        getToken: async () => {
          calls++
          if (calls === 1) throw new Error('AADSTS50020')
          return { token: 't', expiresOnTimestamp: clock.now() + 3_600_000 }
        }
      },
      () => clock.now()
    )
    await expect(cache.getToken('arm')).rejects.toThrow('AADSTS50020')
    await expect(cache.getToken('arm')).resolves.toMatchObject({ token: 't' })
  })

  it('no token is not cached', async () => {
    let calls = 0
    const cache = new TokenCache({
      getToken: async () => {
        calls++
        return null
      }
    })
    await cache.getToken('arm')
    await cache.getToken('arm')
    expect(calls).toBe(2)
  })

  it('forget drops the token of one scope, so the next request gets a new one', async () => {
    const clock = new FakeClock()
    const inner = issuer(clock)
    const cache = new TokenCache(inner, () => clock.now())
    await cache.getToken('inference')
    await cache.getToken('arm')
    cache.forget('inference')
    expect((await cache.getToken('inference'))?.token).toBe('token-3')
    expect((await cache.getToken('arm'))?.token).toBe('token-2')
  })
})
