import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import type { Account, ActionInputs, ResolvedPrincipal } from '../../../src/types.js'
import { fakeCore } from '../../fixtures/core.js'
import { FakeHttp, json } from '../../fixtures/http.js'
import { ACCOUNT_ID, SELF_OID, USER_OID } from '../../fixtures/ids.js'
import { fakeSession } from '../../fixtures/session.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { prepareWait } = await import('../../../src/wait/prepare.js')

const INPUTS = {
  resourceGroup: 'rg-ml',
  resourceName: 'ai-prod',
  waitForPropagation: true,
  dryRun: false,
  probeModel: undefined
} as unknown as ActionInputs
const ACCOUNT: Account = {
  id: ACCOUNT_ID,
  endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
  inferenceEndpoint: 'https://ai-prod.services.ai.azure.com/models',
  openAiEndpoint: 'https://ai-prod.openai.azure.com/',
  customSubDomainName: 'ai-prod'
}
const principal = (objectId: string): ResolvedPrincipal => ({
  spec: { raw: objectId, kind: 'object-id', objectId },
  objectId
})
const SELF = [principal(USER_OID), principal(SELF_OID)]

beforeEach(() => core.reset())

describe('preparing the wait, before anything is written', () => {
  it('no wait asked: no probe', async () => {
    expect(
      await prepareWait({ ...INPUTS, waitForPropagation: false }, fakeSession(), ACCOUNT, SELF)
    ).toBeUndefined()
  })

  it('dry run: no probe, and says why', async () => {
    expect(await prepareWait({ ...INPUTS, dryRun: true }, fakeSession(), ACCOUNT, SELF)).toBeUndefined()
    expect(core.messages('info').join('\n')).toContain('Dry run: not waiting')
  })

  it("refuses when the action's own identity is not among the principals", async () => {
    const error = await prepareWait(INPUTS, fakeSession(), ACCOUNT, [principal(USER_OID)]).catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain(`own identity (${SELF_OID}) is not among the principals`)
    expect(error.message).toContain('add self to principal')
  })

  it.each([undefined, ''])(
    'refuses an account without a custom subdomain (%j)',
    async (customSubDomainName) => {
      const error = await prepareWait(INPUTS, fakeSession(), { ...ACCOUNT, customSubDomainName }, SELF).catch(
        (e) => e
      )
      expect(error.message).toContain('has no custom subdomain')
      expect(error.message).toContain(
        'az cognitiveservices account update -g rg-ml -n ai-prod --custom-domain'
      )
      expect(error.message).toContain('Nothing was changed')
    }
  )

  it('refuses when ARM returned no endpoint to probe', async () => {
    const account = { id: ACCOUNT_ID, customSubDomainName: 'ai-prod' }
    await expect(prepareWait(INPUTS, fakeSession(), account, SELF)).rejects.toThrow('no inference endpoint')
  })

  it('probes the models list (no tokens spent) with the inference scope, with no HTTP-level retries', async () => {
    const http = new FakeHttp(() => json(200, { data: [] }))
    const session = fakeSession({ http })
    const probe = await prepareWait(INPUTS, session, ACCOUNT, SELF)
    expect(probe?.description).toBe('GET https://ai-prod.openai.azure.com/openai/v1/models')
    expect(session.httpRetries).toEqual([0])
    expect(await probe?.send()).toMatchObject({ status: 200, headers: {}, body: { data: [] } })
    expect(http.requests).toEqual([
      {
        method: 'GET',
        url: 'https://ai-prod.openai.azure.com/openai/v1/models',
        scope: 'https://cognitiveservices.azure.com/.default'
      }
    ])
  })

  it('without probe-model, falls back to the deployment that cannot exist when the model list is not served', async () => {
    const http = new FakeHttp((request) =>
      request.method === 'GET' ? json(404) : json(404, { error: { code: 'DeploymentNotFound' } })
    )
    const probe = await prepareWait(INPUTS, fakeSession({ http }), ACCOUNT, SELF)
    expect(await probe?.send()).toMatchObject({ status: 404, missingDeploymentMeansAccess: true })
    expect(http.requests.map((r) => r.method)).toEqual(['GET', 'POST'])
  })

  it('with probe-model, asks that deployment on the model inference route first', async () => {
    const http = new FakeHttp(() => json(200, { choices: [] }))
    const probe = await prepareWait({ ...INPUTS, probeModel: 'gpt-4o' }, fakeSession({ http }), ACCOUNT, SELF)
    expect(probe?.description).toBe(
      'POST https://ai-prod.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview'
    )
    expect(await probe?.send()).toMatchObject({ status: 200, missingDeploymentMeansAccess: false })
    expect(http.requests[0]?.body).toMatchObject({ model: 'gpt-4o', max_tokens: 1 })
  })

  it('a new token for the probe is a new token for the inference scope', async () => {
    const session = fakeSession()
    const probe = await prepareWait(INPUTS, session, ACCOUNT, SELF)
    probe?.renewToken()
    expect(session.renewed).toEqual(['https://cognitiveservices.azure.com/.default'])
  })
})
