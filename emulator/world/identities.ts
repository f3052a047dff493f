// Identities as deployments make them (resource group `rg-identities`): user-assigned managed identities, web
// apps and a container app with every shape of `identity`, and what a self-hosted runner can sign in as (its VM's
// managed identities through IMDS, a pod's workload identity). Every identity is also a service principal
// (servicePrincipalType ManagedIdentity) in the directory, so role assignments to it work as in Azure.
import { DEFAULT_IDS as ID } from './ids.js'
import { ROLE_IDS } from './builtin-roles.js'
import type { AppResource, RoleAssignment, ServicePrincipal, UserAssignedIdentity, World } from './types.js'

const I = ID.identities

function managedIdentitySp(id: string, appId: string, displayName: string): ServicePrincipal {
  return { id, appId, displayName, servicePrincipalType: 'ManagedIdentity' }
}

/** The resource ID of a user-assigned identity in the world. */
export function identityId(identity: UserAssignedIdentity): string {
  return `/subscriptions/${identity.subscriptionId}/resourceGroups/${identity.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.name}`
}

/** The resource ID of a web app or container app in the world. */
export function appId(app: AppResource): string {
  return `/subscriptions/${app.subscriptionId}/resourceGroups/${app.resourceGroup}/providers/${app.type}/${app.name}`
}

const longAgo = Date.now() - 24 * 3600_000
function assignment(name: string, principalId: string, rg: string, role: string): RoleAssignment {
  return {
    name,
    scope: `/subscriptions/${ID.subscriptionId}/resourceGroups/${rg}`,
    roleDefinitionGuid: role,
    principalId,
    principalType: 'ServicePrincipal',
    description: 'Set up for the deployment pipeline',
    condition: null,
    createdOn: longAgo,
    updatedOn: longAgo,
    createdBy: null,
    updatedBy: null
  }
}

/** Adds the default identities, their service principals, and the runner identities' roles on rg-ai. */
export function addDefaultIdentities(world: World): void {
  const sub = ID.subscriptionId
  const at = { subscriptionId: sub, resourceGroup: I.resourceGroup, location: ID.location }
  world.resourceGroups.push({ subscriptionId: sub, name: I.resourceGroup, location: ID.location })
  const uami = (x: { name: string; clientId: string; objectId: string }): UserAssignedIdentity => ({
    ...at,
    name: x.name,
    principalId: x.objectId,
    clientId: x.clientId
  })
  world.userAssignedIdentities.push(
    uami(I.caller),
    uami(I.runnerVm),
    uami(I.runnerAks),
    uami({ name: ID.probeIdentity.displayName, ...ID.probeIdentity })
  )
  world.servicePrincipals.push(
    managedIdentitySp(I.caller.objectId, I.caller.clientId, I.caller.name),
    managedIdentitySp(I.runnerVm.objectId, I.runnerVm.clientId, I.runnerVm.name),
    {
      ...managedIdentitySp(I.runnerAks.objectId, I.runnerAks.clientId, I.runnerAks.name),
      federatedCredentials: [
        {
          name: 'aks-gh-runner',
          issuer: I.kubernetesIssuer,
          subject: I.serviceAccountSubject,
          audiences: ['api://AzureADTokenExchange']
        }
      ]
    },
    managedIdentitySp(I.runnerVmSystem.objectId, I.runnerVmSystem.clientId, 'vm-gh-runner'),
    managedIdentitySp(I.webApp.objectId, I.webApp.clientId, I.webApp.name),
    managedIdentitySp(I.webAppBoth.objectId, I.webAppBoth.clientId, I.webAppBoth.name),
    managedIdentitySp(I.containerApp.objectId, I.containerApp.clientId, I.containerApp.name)
  )
  const web = 'Microsoft.Web/sites' as const
  world.apps.push(
    {
      ...at,
      type: web,
      name: I.webApp.name,
      identity: { type: 'SystemAssigned', principalId: I.webApp.objectId }
    },
    {
      ...at,
      type: web,
      name: I.webAppUserOnly,
      identity: { type: 'UserAssigned', userAssigned: [I.caller.name] }
    },
    {
      ...at,
      type: web,
      name: I.webAppBoth.name,
      identity: {
        type: 'SystemAssigned, UserAssigned',
        principalId: I.webAppBoth.objectId,
        userAssigned: [I.caller.name]
      }
    },
    { ...at, type: web, name: I.webAppNone },
    {
      ...at,
      type: 'Microsoft.App/containerApps',
      name: I.containerApp.name,
      identity: { type: 'SystemAssigned', principalId: I.containerApp.objectId }
    }
  )
  // Every pipeline identity may read the identities it grants.
  world.roleAssignments.push(
    assignment(
      'eeeeeeee-0000-4000-8000-000000000054',
      ID.pipelineApp.objectId,
      I.resourceGroup,
      ROLE_IDS.reader
    )
  )
}

/**
 * Lets the self-hosted runner's identities (id-runner-vm through IMDS, id-runner-aks through workload identity)
 * grant in rg-ai, as the pipeline app can: Role Based Access Control Administrator there, Reader on rg-identities.
 * Not in the default world, so lists at rg-ai hold only the pipeline app's assignment unless a test asks.
 */
export function grantRunnerIdentities(world: World): void {
  world.roleAssignments.push(
    assignment(
      'eeeeeeee-0000-4000-8000-000000000052',
      I.runnerVm.objectId,
      ID.resourceGroup,
      ROLE_IDS.rbacAdministrator
    ),
    assignment(
      'eeeeeeee-0000-4000-8000-000000000053',
      I.runnerAks.objectId,
      ID.resourceGroup,
      ROLE_IDS.rbacAdministrator
    ),
    assignment('eeeeeeee-0000-4000-8000-000000000055', I.runnerVm.objectId, I.resourceGroup, ROLE_IDS.reader),
    assignment('eeeeeeee-0000-4000-8000-000000000056', I.runnerAks.objectId, I.resourceGroup, ROLE_IDS.reader)
  )
}
