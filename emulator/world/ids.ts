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
  /**
   * Identities as deployments make them, in resource group `rg-identities`: user-assigned managed identities,
   * web apps (`Microsoft.Web/sites`) and a container app (`Microsoft.App/containerApps`) with system-assigned,
   * user-assigned, both or no identities. Each identity is a service principal (ManagedIdentity) in the directory.
   */
  identities: {
    resourceGroup: 'rg-identities',
    /** A user-assigned identity that holds nothing: what a deployment grants. */
    caller: {
      name: 'id-ai-caller',
      clientId: '66666666-0000-4000-8000-000000000071',
      objectId: 'dddddddd-0000-4000-8000-000000000072'
    },
    /** The user-assigned identity of a self-hosted runner's VM: RBAC Administrator on rg-ai. */
    runnerVm: {
      name: 'id-runner-vm',
      clientId: '66666666-0000-4000-8000-000000000073',
      objectId: 'dddddddd-0000-4000-8000-000000000074'
    },
    /** The workload identity of a runner pod on AKS: RBAC Administrator on rg-ai. */
    runnerAks: {
      name: 'id-runner-aks',
      clientId: '66666666-0000-4000-8000-000000000075',
      objectId: 'dddddddd-0000-4000-8000-000000000076'
    },
    /** The runner VM's system-assigned identity: no role anywhere. */
    runnerVmSystem: {
      clientId: '66666666-0000-4000-8000-000000000077',
      objectId: 'dddddddd-0000-4000-8000-000000000078'
    },
    /** A web app with a system-assigned identity. */
    webApp: {
      name: 'app-chat-web',
      clientId: '66666666-0000-4000-8000-000000000081',
      objectId: 'dddddddd-0000-4000-8000-000000000082'
    },
    /** A web app with only a user-assigned identity (id-ai-caller). */
    webAppUserOnly: 'app-chat-user',
    /** A web app with both kinds: its own and id-ai-caller. */
    webAppBoth: {
      name: 'app-chat-both',
      clientId: '66666666-0000-4000-8000-000000000083',
      objectId: 'dddddddd-0000-4000-8000-000000000084'
    },
    /** A web app without any identity. */
    webAppNone: 'app-chat-none',
    /** A container app with a system-assigned identity. */
    containerApp: {
      name: 'ca-chat-worker',
      clientId: '66666666-0000-4000-8000-000000000085',
      objectId: 'dddddddd-0000-4000-8000-000000000086'
    },
    kubernetesIssuer:
      'https://eastus.oic.prod-aks.azure.com/72f988bf-0000-4000-8000-000000000001/8a3c6f10-0000-4000-8000-000000000091/',
    serviceAccountSubject: 'system:serviceaccount:arc-runners:gh-runner'
  },
  /** The pipeline app's RBAC Administrator assignment on the resource group. */
  pipelineRbacAssignment: 'eeeeeeee-0000-4000-8000-000000000051'
} as const
