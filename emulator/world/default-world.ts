// The default world: one tenant, one subscription, resource group `rg-ai` with two AI Services accounts (the
// first with a Foundry project), the pipeline app the action signs in as (federated credential for the default
// GitHub subject, Graph permissions, RBAC Administrator on the resource group), two identities that may sign in
// from the same workflow but hold nothing (the probe identities), and a small directory. IDs are in ids.ts;
// fleet.ts adds more accounts, resource groups and subscriptions.
import { DEFAULT_IDS as ID } from './ids.js'
import { ROLE_IDS } from './builtin-roles.js'
import type { World } from './types.js'
import { addDefaultIdentities } from './identities.js'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'

export function defaultWorld(): World {
  const world = baseWorld()
  addDefaultIdentities(world)
  return world
}

function baseWorld(): World {
  const longAgo = Date.now() - 24 * 3600_000
  const rgScope = `/subscriptions/${ID.subscriptionId}/resourceGroups/${ID.resourceGroup}`
  return {
    tenantId: ID.tenantId,
    tenantDomain: ID.tenantDomain,
    subscriptions: [{ subscriptionId: ID.subscriptionId, displayName: ID.subscriptionName }],
    resourceGroups: [{ subscriptionId: ID.subscriptionId, name: ID.resourceGroup, location: ID.location }],
    accounts: [
      {
        subscriptionId: ID.subscriptionId,
        resourceGroup: ID.resourceGroup,
        name: ID.account,
        location: ID.location,
        kind: 'AIServices',
        sku: 'S0',
        customSubDomainName: ID.accountSubdomain,
        publicNetworkAccess: 'Enabled',
        deployments: [
          { name: ID.deployment, model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' } },
          {
            name: 'text-embedding-3-small',
            model: { format: 'OpenAI', name: 'text-embedding-3-small', version: '1' }
          }
        ],
        projects: [{ name: ID.project, displayName: 'Demo project', isDefault: true }]
      },
      {
        subscriptionId: ID.subscriptionId,
        resourceGroup: ID.resourceGroup,
        name: ID.accountNoSubdomain,
        location: ID.location,
        kind: 'AIServices',
        sku: 'S0',
        customSubDomainName: null,
        publicNetworkAccess: 'Enabled',
        deployments: [
          { name: ID.deployment, model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' } }
        ]
      }
    ],
    users: [
      {
        id: ID.users.alice.id,
        userPrincipalName: ID.users.alice.upn,
        displayName: ID.users.alice.displayName,
        mail: ID.users.alice.upn
      },
      {
        id: ID.users.bob.id,
        userPrincipalName: ID.users.bob.upn,
        displayName: ID.users.bob.displayName,
        mail: null
      }
    ],
    groups: [
      {
        id: ID.groups.aiUsers.id,
        displayName: ID.groups.aiUsers.displayName,
        members: [ID.users.alice.id],
        securityEnabled: true
      },
      {
        id: ID.groups.dataScienceA.id,
        displayName: ID.groups.dataScienceA.displayName,
        members: [ID.users.bob.id],
        securityEnabled: true
      },
      {
        id: ID.groups.dataScienceB.id,
        displayName: ID.groups.dataScienceB.displayName,
        members: [],
        securityEnabled: true
      }
    ],
    servicePrincipals: [
      {
        id: ID.pipelineApp.objectId,
        appId: ID.pipelineApp.clientId,
        displayName: ID.pipelineApp.displayName,
        servicePrincipalType: 'Application',
        federatedCredentials: [
          {
            name: 'github-main',
            issuer: GITHUB_ISSUER,
            subject: ID.githubSubject,
            audiences: [ID.githubAudience]
          }
        ],
        graphAppRoles: ['User.Read.All', 'Group.Read.All', 'Application.Read.All', 'Directory.Read.All']
      },
      {
        id: ID.servicePrincipals.webApp.id,
        appId: ID.servicePrincipals.webApp.appId,
        displayName: ID.servicePrincipals.webApp.displayName,
        servicePrincipalType: 'Application'
      },
      {
        id: ID.servicePrincipals.batchJob.id,
        appId: ID.servicePrincipals.batchJob.appId,
        displayName: ID.servicePrincipals.batchJob.displayName,
        servicePrincipalType: 'Application'
      },
      ...[ID.probeApp, ID.probeIdentity].map((probe) => ({
        id: probe.objectId,
        appId: probe.clientId,
        displayName: probe.displayName,
        servicePrincipalType:
          probe === ID.probeIdentity ? ('ManagedIdentity' as const) : ('Application' as const),
        federatedCredentials: [
          {
            name: 'github-main',
            issuer: GITHUB_ISSUER,
            subject: ID.githubSubject,
            audiences: [ID.githubAudience]
          }
        ]
      }))
    ],
    roleDefinitions: [],
    roleAssignments: [
      {
        name: ID.pipelineRbacAssignment,
        scope: rgScope,
        roleDefinitionGuid: ROLE_IDS.rbacAdministrator,
        principalId: ID.pipelineApp.objectId,
        principalType: 'ServicePrincipal',
        description: 'Lets the deployment pipeline grant access in rg-ai',
        condition: null,
        createdOn: longAgo,
        updatedOn: longAgo,
        createdBy: null,
        updatedBy: null
      }
    ],
    github: {
      requestToken: ID.githubRequestToken,
      planId: '5e0c3f7a-0000-4000-8000-000000000061',
      jobId: '5e0c3f7a-0000-4000-8000-000000000062',
      claims: {
        sub: ID.githubSubject,
        repository: 'octo-org/octo-repo',
        repository_owner: 'octo-org',
        repository_id: '123456789',
        repository_owner_id: '987654',
        repository_visibility: 'private',
        ref: 'refs/heads/main',
        ref_type: 'branch',
        sha: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4',
        workflow: 'deploy',
        workflow_ref: 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main',
        job_workflow_ref: 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main',
        event_name: 'push',
        run_id: '4242424242',
        run_number: '42',
        run_attempt: '1',
        actor: 'octocat',
        actor_id: '583231',
        runner_environment: 'github-hosted'
      }
    },
    userAssignedIdentities: [],
    apps: [],
    runner: {
      systemAssigned: ID.identities.runnerVmSystem.objectId,
      userAssigned: [ID.identities.runnerVm.clientId],
      kubernetesIssuer: ID.identities.kubernetesIssuer,
      serviceAccountSubject: ID.identities.serviceAccountSubject
    }
  }
}
