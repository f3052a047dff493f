import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import type { ActionInputs, ResolvedPrincipal, ScopePlan, Target } from '../../../src/types.js'
import { fakeCore } from '../../fixtures/core.js'
import { TARGET, scopeOf, targetNamed } from '../../fixtures/grants.js'
import { FakeHttp, json } from '../../fixtures/http.js'
import { ACCOUNT_ID, OTHER_OID, SELF_OID, SP_APP_ID, SP_OID, USER_OID } from '../../fixtures/ids.js'
import { fakeSession } from '../../fixtures/session.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { prepareWait } = await import('../../../src/wait/prepare.js')

const INPUTS = {
  resourceGroup: 'rg-ml',
  resourceName: 'ai-prod',
  waitForPropagation: true,
  waitTimeoutSeconds: 600,
  dryRun: false,
  probeModel: undefined
} as unknown as ActionInputs
const INFERENCE_SCOPE = 'https://cognitiveservices.azure.com/.default'
const principal = (objectId: string): ResolvedPrincipal => ({
  spec: { raw: objectId, kind: 'object-id', objectId },
  objectId
})
const SELF = [principal(USER_OID), principal(SELF_OID)]
const scopes = (...targets: Target[]): ScopePlan[] => targets.map((target) => scopeOf(target))
const ONE = scopes(TARGET)
/** The single probe of a wait over one scope. */
const only = async (...args: Parameters<typeof prepareWait>) => {
  const prepared = await prepareWait(...args)
  expect(prepared?.probes).toHaveLength(1)
  return prepared?.probes[0]?.probe
}

beforeEach(() => core.reset())

describe('preparing the wait, before anything is written', () => {
  it('no wait asked: no probe', async () => {
    expect(
      await prepareWait({ ...INPUTS, waitForPropagation: false }, fakeSession(), ONE, SELF)
    ).toBeUndefined()
  })

  it('dry run: no probe, and says why', async () => {
    expect(await prepareWait({ ...INPUTS, dryRun: true }, fakeSession(), ONE, SELF)).toBeUndefined()
    expect(core.messages('info').join('\n')).toContain('Dry run: not waiting')
  })

  it("refuses when the action's own identity is not among the principals", async () => {
    const error = await prepareWait(INPUTS, fakeSession(), ONE, [principal(USER_OID)]).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toContain(`own identity (${SELF_OID}) is not among the principals`)
    expect((error as Error).message).toContain('add self to principal')
  })

  it.each([undefined, ''])(
    'refuses an account without a custom subdomain (%j)',
    async (customSubDomainName) => {
      const error = await prepareWait(
        INPUTS,
        fakeSession(),
        scopes({ ...TARGET, customSubDomainName }),
        SELF
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ActionError)
      const message = (error as Error).message
      expect(message).toContain("The account 'ai-prod' has no custom subdomain")
      expect(message).toContain(`az cognitiveservices account update --ids ${ACCOUNT_ID} --custom-domain`)
      expect(message).toContain('Nothing was changed')
    }
  )

  it('refuses when ARM returned no endpoint to probe', async () => {
    const target: Target = {
      kind: 'account',
      id: ACCOUNT_ID,
      name: 'ai-prod',
      customSubDomainName: 'ai-prod'
    }
    await expect(prepareWait(INPUTS, fakeSession(), scopes(target), SELF)).rejects.toThrow(
      "no inference endpoint for 'ai-prod'"
    )
  })

  it('the wait may take wait-timeout, and reads the answers for the cloud inference scope and probe-model', async () => {
    const prepared = await prepareWait(
      { ...INPUTS, waitTimeoutSeconds: 90, probeModel: 'gpt-4o' },
      fakeSession(),
      ONE,
      SELF
    )
    expect(prepared?.timeoutMs).toBe(90_000)
    expect(prepared?.probes[0]?.target).toBe(TARGET)
    expect(prepared?.probes[0]?.expect).toEqual({ inferenceScope: INFERENCE_SCOPE, probeModel: 'gpt-4o' })
  })

  it('probes the models list (no tokens spent) with the inference scope, with no HTTP-level retries', async () => {
    const http = new FakeHttp(() => json(200, { data: [] }))
    const session = fakeSession({ http })
    const probe = await only(INPUTS, session, ONE, SELF)
    expect(probe?.description).toBe('GET https://ai-prod.openai.azure.com/openai/v1/models')
    expect(session.httpRetries).toEqual([0])
    expect(await probe?.send()).toMatchObject({ status: 200, headers: {}, body: { data: [] } })
    expect(http.requests).toEqual([
      {
        method: 'GET',
        url: 'https://ai-prod.openai.azure.com/openai/v1/models',
        scope: INFERENCE_SCOPE
      }
    ])
  })

  it('without probe-model, falls back to the deployment that cannot exist when the model list is not served', async () => {
    const http = new FakeHttp((request) =>
      request.method === 'GET' ? json(404) : json(404, { error: { code: 'DeploymentNotFound' } })
    )
    const probe = await only(INPUTS, fakeSession({ http }), ONE, SELF)
    expect(await probe?.send()).toMatchObject({ status: 404, noSuchDeployment: true })
    expect(http.requests.map((r) => r.method)).toEqual(['GET', 'POST'])
  })

  it('with probe-model, asks that deployment on the model inference route first', async () => {
    const http = new FakeHttp(() => json(200, { choices: [] }))
    const probe = await only({ ...INPUTS, probeModel: 'gpt-4o' }, fakeSession({ http }), ONE, SELF)
    expect(probe?.description).toBe(
      'POST https://ai-prod.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview'
    )
    expect(await probe?.send()).toMatchObject({ status: 200, noSuchDeployment: false })
    expect(http.requests[0]?.body).toMatchObject({ model: 'gpt-4o', max_tokens: 1 })
  })

  it('a new token for the probe is a new token for the inference scope', async () => {
    const session = fakeSession()
    const probe = await only(INPUTS, session, ONE, SELF)
    probe?.renewToken()
    expect(session.renewed).toEqual([INFERENCE_SCOPE])
  })

  it('several scopes: one probe each, in order, at its own endpoint', async () => {
    const other = targetNamed('ai-dev')
    const prepared = await prepareWait(INPUTS, fakeSession(), scopes(TARGET, other), SELF)
    expect(prepared?.probes.map((p) => [p.target.name, p.probe.description])).toEqual([
      ['ai-prod', 'GET https://ai-prod.openai.azure.com/openai/v1/models'],
      ['ai-dev', 'GET https://ai-dev.openai.azure.com/openai/v1/models']
    ])
  })

  it('several scopes: any one without a custom subdomain refuses the whole wait, naming it', async () => {
    const other = targetNamed('ai-dev', { customSubDomainName: undefined })
    await expect(prepareWait(INPUTS, fakeSession(), scopes(TARGET, other), SELF)).rejects.toThrow(
      "The account 'ai-dev' has no custom subdomain"
    )
  })
})

describe('probe-client-id: the wait proves access for another identity', () => {
  const WITH_PROBE = { ...INPUTS, probeClientId: SP_APP_ID } as ActionInputs
  const PROBED = [principal(USER_OID), principal(SP_OID)]

  it('signs in as it before anything is written, and every probe calls with its client, without retries', async () => {
    const http = new FakeHttp(() => json(200, { data: [] }))
    const session = fakeSession({ probeIdentities: { [SP_APP_ID]: { objectId: SP_OID, http } } })
    const prepared = await prepareWait(WITH_PROBE, session, ONE, PROBED)
    expect(session.probeSignIns).toEqual([SP_APP_ID])
    expect(prepared?.probes[0]?.identity).toBe(SP_OID)
    await prepared?.probes[0]?.probe.send()
    expect(http.requests).toHaveLength(1)
    // The pipeline's own client made no call.
    expect(session.httpRetries).toEqual([])
    expect(core.messages('info').join('\n')).toContain(
      `probes as probe-client-id ${SP_APP_ID} (object ID ${SP_OID})`
    )
  })

  it('the pipeline identity then need not be among the principals', async () => {
    const session = fakeSession({ probeIdentities: { [SP_APP_ID]: { objectId: SP_OID } } })
    await expect(prepareWait(WITH_PROBE, session, ONE, PROBED)).resolves.toBeDefined()
  })

  it('compares object IDs without regard to case', async () => {
    const session = fakeSession({ probeIdentities: { [SP_APP_ID]: { objectId: SP_OID.toUpperCase() } } })
    await expect(prepareWait(WITH_PROBE, session, ONE, PROBED)).resolves.toBeDefined()
  })

  it('refuses when that identity is not among the principals, naming its object ID and the fix', async () => {
    const session = fakeSession({ probeIdentities: { [SP_APP_ID]: { objectId: OTHER_OID } } })
    const error = await prepareWait(WITH_PROBE, session, ONE, PROBED).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    const message = (error as Error).message
    expect(message).toContain(
      `Input 'probe-client-id': the identity with client ID ${SP_APP_ID} (object ID ${OTHER_OID}) is not among the principals`
    )
    expect(message).toContain(`add ${OTHER_OID} (or sp:${SP_APP_ID}) to principal`)
  })

  it('a failed sign-in as that identity fails the preparation (before any write)', async () => {
    await expect(prepareWait(WITH_PROBE, fakeSession(), ONE, PROBED)).rejects.toThrow(
      'no federated credential'
    )
  })

  it("a new token for the probe is that identity's, not the pipeline's", async () => {
    const session = fakeSession({ probeIdentities: { [SP_APP_ID]: { objectId: SP_OID } } })
    const prepared = await prepareWait(WITH_PROBE, session, ONE, PROBED)
    prepared?.probes[0]?.probe.renewToken()
    expect(session.probeRenewed).toEqual([INFERENCE_SCOPE])
    expect(session.renewed).toEqual([])
  })

  it('without it, the refusal for a missing self mentions probe-client-id as a way out', async () => {
    const error = await prepareWait(INPUTS, fakeSession(), ONE, [principal(USER_OID)]).catch(
      (e: unknown) => e
    )
    expect((error as Error).message).toContain('set probe-client-id to the client ID of a principal')
  })

  it('without it, the probe identity is the action itself', async () => {
    const prepared = await prepareWait(INPUTS, fakeSession(), ONE, SELF)
    expect(prepared?.probes[0]?.identity).toBe(SELF_OID)
  })
})
