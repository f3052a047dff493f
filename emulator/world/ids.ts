// Fixed, documented identifiers of the default world, so tests and docs can name them.
export const DEFAULT_IDS = {
  tenantId: '72f988bf-0000-4000-8000-000000000001',
  tenantDomain: 'contoso.onmicrosoft.com',
  subscriptionId: '00000000-1111-4000-8000-000000000002',
  subscriptionName: 'Emulated Subscription',
  resourceGroup: 'rg-ai',
  location: 'eastus',
  account: 'ai-demo',
  accountSubdomain: 'ai-demo',
  /** An AI Services account without custom subdomain (Entra ID cannot be used on it). */
  accountNoSubdomain: 'ai-nosub',
  deployment: 'gpt-4o-mini',
  /** The Foundry project under the default account. */
  project: 'proj-demo',
  pipelineApp: {
    displayName: 'gh-deploy-pipeline',
    clientId: '11111111-2222-4333-8444-000000000010',
    objectId: 'aaaaaaaa-0000-4000-8000-000000000011'
  },
  githubSubject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  githubAudience: 'api://AzureADTokenExchange',
  githubRequestToken: 'gh-request-token-emulated-0001',
  users: {
    alice: {
      id: 'bbbbbbbb-0000-4000-8000-000000000021',
      upn: 'alice@contoso.onmicrosoft.com',
      displayName: 'Alice Example'
    },
    bob: {
      id: 'bbbbbbbb-0000-4000-8000-000000000022',
      upn: 'bob@contoso.onmicrosoft.com',
      displayName: 'Bob Example'
    }
  },
  groups: {
    aiUsers: { id: 'cccccccc-0000-4000-8000-000000000031', displayName: 'ai-users' },
    /** Two groups share this display name, for the ambiguity test. */
    duplicateName: 'data-science',
    dataScienceA: { id: 'cccccccc-0000-4000-8000-000000000032', displayName: 'data-science' },
    dataScienceB: { id: 'cccccccc-0000-4000-8000-000000000033', displayName: 'data-science' }
  },
  servicePrincipals: {
    webApp: {
      id: 'dddddddd-0000-4000-8000-000000000041',
      appId: '44444444-0000-4000-8000-000000000042',
      displayName: 'contoso-web'
    },
    batchJob: {
      id: 'dddddddd-0000-4000-8000-000000000043',
      appId: '44444444-0000-4000-8000-000000000044',
      displayName: 'contoso-batch'
    }
  },
  /**
   * Identities that will call the model, each with a federated credential for the default GitHub subject and
   * audience but no role and no Graph permission: what `probe-client-id` names. One app registration, one
   * user-assigned managed identity.
   */
  probeApp: {
    displayName: 'contoso-inference',
    clientId: '55555555-0000-4000-8000-000000000061',
    objectId: 'dddddddd-0000-4000-8000-000000000062'
  },
  probeIdentity: {
    displayName: 'id-contoso-inference',
    clientId: '55555555-0000-4000-8000-000000000063',
    objectId: 'dddddddd-0000-4000-8000-000000000064'
  },
  /** The pipeline app's RBAC Administrator assignment on the resource group. */
  pipelineRbacAssignment: 'eeeeeeee-0000-4000-8000-000000000051'
} as const
