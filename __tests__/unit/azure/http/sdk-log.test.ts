import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { fakeCore } from '../../../fixtures/core.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { AzureLogger, createClientLogger, getLogLevel, setLogLevel } = await import('@azure/logger')
const { routeSdkLogs } = await import('../../../../src/azure/http/sdk-log.js')

describe('routeSdkLogs', () => {
  const original = AzureLogger.log
  beforeEach(() => {
    core.reset()
    setLogLevel()
  })
  afterEach(() => {
    AzureLogger.log = original
    setLogLevel()
  })

  it('with step debug: the SDK logs verbosely, into ::debug:: lines', () => {
    routeSdkLogs(true, {})
    expect(getLogLevel()).toBe('verbose')
    createClientLogger('core-rest-pipeline').verbose('Request: GET https://management.azure.com/')
    expect(core.messages('debug')).toEqual([
      expect.stringMatching(
        /^azure:core-rest-pipeline:verbose Request: GET https:\/\/management\.azure\.com\/$/
      )
    ])
  })

  it('with step debug and AZURE_LOG_LEVEL set: keeps the level the workflow chose', () => {
    setLogLevel('warning')
    routeSdkLogs(true, { AZURE_LOG_LEVEL: 'warning' })
    expect(getLogLevel()).toBe('warning')
  })

  it('without step debug: leaves the SDK as it is', () => {
    routeSdkLogs(false, {})
    expect(getLogLevel()).toBeUndefined()
    expect(AzureLogger.log).toBe(original)
  })
})
