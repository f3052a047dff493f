// The emulated tenant: everything the services answer from. Tests shape it per test and may change the
// live object between runs; services read it at request time, never copy it.

export interface FederatedCredential {
  name: string
  issuer: string
  subject: string
  audiences: string[]
}

export interface DirectoryObjectBase {
  id: string
  displayName: string
  /** When the object became visible to ARM's directory look-ups (replication delay); default: always. */
  replicatedAt?: number
}

export interface User extends DirectoryObjectBase {
  userPrincipalName: string
  mail?: string | null
}

export interface Group extends DirectoryObjectBase {
  /** Object IDs of direct members (users, service principals or groups). */
  members: string[]
  securityEnabled?: boolean
  mailEnabled?: boolean
  description?: string | null
}

export interface ServicePrincipal extends DirectoryObjectBase {
  /** The application (client) ID; for a managed identity its client ID. */
  appId: string
  servicePrincipalType?: 'Application' | 'ManagedIdentity'
  /** Federated identity credentials of the app registration (or managed identity) behind it. */
  federatedCredentials?: FederatedCredential[]
  /** Microsoft Graph application permissions granted (admin-consented), e.g. 'User.Read.All'. */
  graphAppRoles?: string[]
}

export interface Deployment {
  name: string
  model: { format: string; name: string; version: string }
  /** Whether the model answers on the Azure AI model inference route, too (default true). */
  inference?: boolean
}

/** A Foundry project under an account (`Microsoft.CognitiveServices/accounts/projects`). */
export interface Project {
  name: string
  /** Default: the account's location. */
  location?: string
  displayName?: string
  description?: string
  /** Whether it is the account's default project (shown as `properties.isDefault` and the account's `defaultProject`). */
  isDefault?: boolean
  provisioningState?: string
}

export interface Account {
  subscriptionId: string
  resourceGroup: string
  name: string
  location: string
  kind: string
  sku: string
  /** null means "no custom subdomain": Entra ID tokens are refused on its regional endpoint. */
  customSubDomainName: string | null
  publicNetworkAccess: 'Enabled' | 'Disabled'
  disableLocalAuth?: boolean
  deployments: Deployment[]
  provisioningState?: string
  /** Foundry projects under the account; they see the account's deployments. */
  projects?: Project[]
  /** How the account's inference gateway behaves (default: every route served, role checked first). */
  dataPlane?: DataPlaneBehaviour
}

/** The data-plane routes a probe may use, as switches can name them. */
export type DataPlaneRoute =
  /** `GET /openai/v1/models` and `GET /openai/models` */
  | 'model-list'
  /** `POST /openai/deployments/{d}/chat/completions` and `POST /openai/v1/chat/completions` */
  | 'openai-chat'
  /** `POST /models/chat/completions` (Azure AI model inference) */
  | 'model-inference'

export interface DataPlaneBehaviour {
  /** Routes this endpoint does not serve: they answer `404 {"error":{"code":"404","message":"Resource not found"}}`. */
  unserved?: DataPlaneRoute[]
  /**
   * 'role-first' (default): the gateway checks the caller's data action before it looks the deployment or model
   * up, so a missing deployment is 401 PermissionDenied without the role. 'deployment-first': it looks the
   * deployment up first, so `404 DeploymentNotFound` (`400 unknown_model`) comes back even without the role.
   */
  gateway?: 'role-first' | 'deployment-first'
}

export interface Subscription {
  subscriptionId: string
  displayName: string
  /** The management group it sits in: an assignment at `/providers/Microsoft.Management/managementGroups/{id}` reaches it. */
  managementGroup?: string
}

export interface ResourceGroup {
  subscriptionId: string
  name: string
  location: string
}

export interface Permission {
  actions: string[]
  notActions: string[]
  dataActions: string[]
  notDataActions: string[]
}

export interface RoleDefinition {
  /** The GUID (the definition's name). */
  id: string
  roleName: string
  type: 'BuiltInRole' | 'CustomRole'
  description: string
  assignableScopes: string[]
  permissions: Permission[]
}

export interface RoleAssignment {
  /** The GUID (the assignment's name). */
  name: string
  scope: string
  /** Role definition GUID. */
  roleDefinitionGuid: string
  principalId: string
  principalType: string
  description: string | null
  condition: string | null
  createdOn: number
  updatedOn: number
  createdBy: string | null
  updatedBy: string | null
}

/** A deny assignment (Azure makes them for managed apps and deployment stacks): it takes permissions away. */
export interface DenyAssignment {
  /** The GUID (the deny assignment's name). */
  name: string
  scope: string
  denyAssignmentName: string
  permissions: Permission[]
  /** Object IDs it applies to; `00000000-0000-0000-0000-000000000000` (type SystemDefined) is everyone. */
  principals: string[]
  excludePrincipals?: string[]
  doNotApplyToChildScopes?: boolean
}

export interface GitHubContext {
  /** The value behind ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string
  planId: string
  jobId: string
  /** Claims of every ID token; `sub` is the subject Entra matches federated credentials on. */
  claims: {
    sub: string
    repository: string
    repository_owner: string
    ref: string
    workflow: string
    run_id: string
    run_attempt: string
    actor: string
    [claim: string]: string
  }
}

export interface World {
  tenantId: string
  tenantDomain: string
  subscriptions: Subscription[]
  resourceGroups: ResourceGroup[]
  accounts: Account[]
  users: User[]
  groups: Group[]
  servicePrincipals: ServicePrincipal[]
  /** Custom roles; the built-in ones are always there. */
  roleDefinitions: RoleDefinition[]
  /**
   * How the built-in Foundry roles are named: 'classic' (default: Azure AI User, Azure AI Owner, ...) or
   * 'foundry', as tenants that got the 2026 rename show them (Foundry User, Foundry Owner, ...).
   */
  roleNames?: 'classic' | 'foundry'
  roleAssignments: RoleAssignment[]
  /** Deny assignments; none by default, as in most tenants. */
  denyAssignments?: DenyAssignment[]
  github: GitHubContext
  /** User-assigned managed identities (any resource group or subscription of the tenant). */
  userAssignedIdentities: UserAssignedIdentity[]
  /** Web apps and container apps, with their identities. */
  apps: AppResource[]
  /** What a self-hosted runner on Azure can sign in as (managed identity, workload identity). */
  runner: RunnerIdentities
}

/** A user-assigned managed identity (`Microsoft.ManagedIdentity/userAssignedIdentities`); its service principal is in the directory. */
export interface UserAssignedIdentity {
  subscriptionId: string
  resourceGroup: string
  name: string
  location: string
  /** The object ID of its service principal (`properties.principalId`). */
  principalId: string
  /** `properties.clientId`: the service principal's appId. */
  clientId: string
}

/** Resource types with a managed identity that the emulator serves besides user-assigned identities. */
export type AppType = 'Microsoft.Web/sites' | 'Microsoft.App/containerApps'

/** A web app or container app and its `identity` block as ARM renders it. */
export interface AppResource {
  type: AppType
  subscriptionId: string
  resourceGroup: string
  name: string
  location: string
  /** Absent: no `identity` in the answer at all. */
  identity?: {
    type: 'None' | 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned'
    /** The system-assigned identity's service principal object ID (with SystemAssigned). */
    principalId?: string
    /** Names of user-assigned identities in `userAssignedIdentities` (looked up in the world by name). */
    userAssigned?: string[]
  }
}

/**
 * The identities a runner can sign in as without a secret: the managed identities of the VM it runs on (the
 * instance metadata service answers for them) and the Kubernetes service account token it was given (workload
 * identity).
 */
export interface RunnerIdentities {
  /** IMDS: the VM's system-assigned identity (service principal object ID), if any. */
  systemAssigned?: string
  /** IMDS: client IDs of the user-assigned identities attached to the VM. */
  userAssigned: string[]
  /** The OIDC issuer of the AKS cluster whose service account tokens the emulator issues. */
  kubernetesIssuer: string
  /** `sub` of the service account token (`system:serviceaccount:{namespace}:{name}`). */
  serviceAccountSubject: string
}
