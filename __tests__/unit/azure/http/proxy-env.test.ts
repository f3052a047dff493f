import { describe, expect, it } from '@jest/globals'
import { alignNoProxy, alignProxyEnvironment } from '../../../../src/azure/http/proxy-env.js'

describe('NO_PROXY', () => {
  it('lower-cases entries and adds .name for each host name, so subdomains bypass the proxy in both stacks', () => {
    expect(alignNoProxy(' Example.COM, .corp.local ,localhost,, ')).toEqual([
      'example.com',
      '.corp.local',
      'localhost',
      '.example.com',
      '.localhost'
    ])
  })

  it('leaves IP addresses, ranges and host:port entries as they are', () => {
    expect(alignNoProxy('10.0.0.1,::1,10.0.0.0/8,example.com:8443,169.254.169.254')).toEqual([
      '10.0.0.1',
      '::1',
      '10.0.0.0/8',
      'example.com:8443',
      '169.254.169.254'
    ])
  })

  it('keeps each entry once', () => {
    expect(alignNoProxy('a.b,A.B,.a.b')).toEqual(['a.b', '.a.b'])
  })
})

describe('aligning the proxy environment', () => {
  it('a runner with only HTTP_PROXY: the GitHub OIDC request goes through it too', () => {
    const env: NodeJS.ProcessEnv = { HTTP_PROXY: 'http://proxy:3128' }
    alignProxyEnvironment(env)
    expect(env).toEqual({
      HTTP_PROXY: 'http://proxy:3128',
      HTTPS_PROXY: 'http://proxy:3128',
      https_proxy: 'http://proxy:3128'
    })
  })

  it('HTTPS_PROXY wins over ALL_PROXY and HTTP_PROXY', () => {
    const env: NodeJS.ProcessEnv = {
      HTTP_PROXY: 'http://a:1',
      all_proxy: 'http://b:2',
      HTTPS_PROXY: 'http://c:3'
    }
    alignProxyEnvironment(env)
    expect(env.https_proxy).toBe('http://c:3')
  })

  it('NO_PROXY (or no_proxy) is written back in the form both stacks read the same', () => {
    const env: NodeJS.ProcessEnv = { https_proxy: 'http://proxy:3128', no_proxy: 'Internal.Example' }
    alignProxyEnvironment(env)
    expect(env.NO_PROXY).toBe('internal.example,.internal.example')
    expect(env.no_proxy).toBe(env.NO_PROXY)
  })

  it('NO_PROXY=* turns every proxy off', () => {
    const env: NodeJS.ProcessEnv = {
      HTTPS_PROXY: 'http://p:1',
      http_proxy: 'http://p:1',
      ALL_PROXY: 'http://p:1',
      NO_PROXY: '*'
    }
    alignProxyEnvironment(env)
    expect(env).toEqual({ NO_PROXY: '*' })
  })

  it('without a proxy nothing changes', () => {
    const env: NodeJS.ProcessEnv = { NO_PROXY: 'Example.com', HTTPS_PROXY: '  ' }
    alignProxyEnvironment(env)
    expect(env).toEqual({ NO_PROXY: 'Example.com', HTTPS_PROXY: '  ' })
  })
})
