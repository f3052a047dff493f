export type AuthType = 'oidc' | 'azure-cli' | 'managed-identity' | 'workload-identity' | 'auto'
export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud' | 'Custom'
export type PrincipalType = 'User' | 'Group' | 'ServicePrincipal'
export type Mode = 'assign' | 'revoke' | 'sweep' | 'report'
/** How a temporary grant is made: a plain role assignment, or a time-bound active assignment through Azure PIM. */
export type TimeBound = 'false' | 'pim'

/** One line of the `principal` input, parsed but not yet looked up. */
export type PrincipalSpec =
  | { readonly raw: string; readonly kind: 'self' }
  | { readonly raw: string; readonly kind: 'object-id'; readonly objectId: string }
  | {
      readonly raw: string
      readonly kind: 'user' | 'group' | 'sp'
      readonly value: string
      readonly isGuid: boolean
    }
  /** An Azure resource ID: a user-assigned identity, or a resource whose system-assigned identity is meant. */
  | { readonly raw: string; readonly kind: 'resource'; readonly resource: ResourceRef }

/** An ARM resource ID, split: `/subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}`. */
export interface ResourceRef {
  /** As given, without a trailing slash. */
  readonly id: string
  readonly namespace: string
  /** The type path after the namespace: `sites`, `userAssignedIdentities`, `flexibleServers/databases`, ... */
  readonly type: string
  readonly name: string
}

/** The `role` input, parsed. A full role definition ID is reduced to its GUID. */
export type RoleSpec =
  { readonly kind: 'name'; readonly name: string } | { readonly kind: 'guid'; readonly guid: string }

export interface ActionInputs {
  readonly clientId?: string
  readonly tenantId?: string
  readonly subscriptionId?: string
  readonly authType: AuthType
  readonly environment: CloudName
  readonly armEndpoint?: string
  readonly audience?: string
  readonly inferenceScope?: string
  /** The accounts and Foundry projects to grant at, in input order, each once. */
  readonly scopes: readonly ScopeRef[]
  readonly principals: readonly PrincipalSpec[]
  readonly principalType?: PrincipalType
  /** Undefined: the default of each scope (Cognitive Services User at an account, Azure AI User at a project). */
  readonly role?: RoleSpec
  readonly allowPrivilegedRole: boolean
  readonly description?: string
  readonly mode: Mode
  readonly dryRun: boolean
  readonly revokeAfterJob: boolean
  /** How long a temporary grant may live if no post step removes it; written into its description. */
  readonly expiresAfterMs: number
  readonly timeBound: TimeBound
  readonly waitForPropagation: boolean
  readonly waitTimeoutSeconds: number
  readonly probeModel?: string
  /** Another identity that trusts this workflow: the wait signs in as it and proves access for it. */
  readonly probeClientId?: string
  /** probe-client-id given as a user-assigned identity's resource ID: its client ID is read from Resource Manager. */
  readonly probeIdentity?: ResourceRef
}

/** An account or Foundry project the inputs name, before anything is read. */
export interface ScopeRef {
  readonly kind: 'account' | 'project'
  /** From `resource-ids`; undefined for `resource-group`/`resource-name`, which are in the session's subscription. */
  readonly subscriptionId?: string
  readonly resourceGroup: string
  readonly account: string
  /** The project's name, for a project. */
  readonly project?: string
}

/** A principal after the directory lookup (or without one, when its type was given). */
export interface ResolvedPrincipal {
  readonly spec: PrincipalSpec
  readonly objectId: string
  readonly type?: PrincipalType
  readonly displayName?: string
}

export interface ResolvedRole {
  /** `/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}` */
  readonly id: string
  readonly guid: string
  readonly name: string
}

/** The identity the action signs in as, from its Resource Manager token: no directory permission needed. */
export interface SelfIdentity {
  readonly objectId: string
  readonly type: PrincipalType
}

/** A scope the role is assigned at, as Resource Manager returned it: an AI Services account or a Foundry project. */
export interface Target {
  readonly kind: 'account' | 'project'
  /** The resource ID Resource Manager returned, checked to be the one asked for: the scope of every write. */
  readonly id: string
  /** The name a person knows it by, for logs and messages: the account's, or `{account}/{project}`. */
  readonly name: string
  /** The account's `properties.endpoint`; a project's `properties.endpoints["AI Foundry API"]`. */
  readonly endpoint?: string
  /** Accounts only: the model inference endpoint, which an assignment at a project does not open. */
  readonly inferenceEndpoint?: string
  readonly openAiEndpoint?: string
  readonly customSubDomainName?: string
  /** Accounts only: `properties.disableLocalAuth` (true: API keys are refused). */
  readonly disableLocalAuth?: boolean
  /** Accounts only: `properties.publicNetworkAccess`. */
  readonly publicNetworkAccess?: string
}

/** One scope of the plan with the role resolved for it (a role definition ID names the scope's subscription). */
export interface ScopePlan {
  readonly target: Target
  readonly role: ResolvedRole
}

export type Outcome =
  'created' | 'already assigned' | 'removed' | 'not assigned' | 'would create' | 'would remove'

/** What happened to one principal at one scope: an outcome, or the reason it failed. */
export type GrantResult = {
  readonly target: Target
  readonly role: ResolvedRole
  readonly principal: ResolvedPrincipal
} & (
  | { readonly outcome: Outcome; readonly assignmentId?: string }
  | { readonly outcome: 'failed'; readonly error: string; readonly assignmentId?: undefined }
)

/** What the wait found at one scope. */
export type WaitOutcomeAt =
  | { readonly outcome: 'access works'; readonly seconds: number; readonly probes: number }
  | { readonly outcome: 'failed'; readonly error: string }

export type ScopeWait = { readonly targetId: string } & WaitOutcomeAt

/** What the wait found, for the outputs and the summary. */
export interface WaitReport {
  /** Seconds from the end of the assignments to the first successful probe; undefined when there was no wait. */
  readonly seconds?: number
  /** One sentence for the summary: what worked when, or why the wait failed. */
  readonly line: string
  /** Scope by scope, in the order of the scopes. */
  readonly scopes?: readonly ScopeWait[]
}

/**
 * A time-bound grant this step asked PIM for (time-bound: pim), saved before the request is sent, so that the post
 * step can end it early even when the job was cancelled in the middle of the request.
 */
export interface PimGrant {
  readonly scope: string
  readonly principalId: string
  readonly roleDefinitionId: string
  /** The AdminAssign request's name: the post step asks PIM whether it was made. */
  readonly requestName: string
  /** When Azure removes it by itself (ISO 8601). */
  readonly until: string
}

export interface PimGrantStore {
  save(grant: PimGrant): void
  load(): PimGrant[]
}

/**
 * What the post step of revoke-after-job needs to compute the name of every grant the main step may have made,
 * kept small whatever the number of principals: the random seed the step's assignment names derive from, each
 * principal's object ID once, the scopes (with the role) it wrote at and which principals at each, and the few
 * earlier attempts' grants it took over. Saved before each write, so a cancelled job still names what it may have
 * created, and the post step removes by name without depending on a (lagging) list.
 */
export interface TemporaryState {
  readonly seed: string
  /** Object ID of every principal this step wrote (or was about to write) for, each once. */
  readonly principals: readonly string[]
  /** Scope, role GUID, and the principals (indexes into `principals`) this step wrote at there. */
  readonly scopes: readonly (readonly [scope: string, roleGuid: string, principals: readonly number[]])[]
  /** Grants of an earlier attempt of this run that this step took over: scope, role GUID, principal, name. */
  readonly adopted: readonly (readonly [scope: string, roleGuid: string, principalId: string, name: string])[]
}

/** The state as the post step finds it: none saved, readable, or there but unreadable (a visible warning). */
export type LoadedState =
  | { readonly kind: 'none' }
  | { readonly kind: 'saved'; readonly state: TemporaryState }
  | { readonly kind: 'unreadable'; readonly reason: string }

/** GITHUB_STATE between main and post: main records before it writes, post loads. */
export interface StateStore {
  /** The random value this step's temporary assignment names derive from (made once per step). */
  readonly seed: string
  /** Before a PUT of this principal at this scope: records the seed, scope and principal, unless already recorded. */
  aboutToWrite(scope: string, roleGuid: string, principalId: string): void
  /** Takes an earlier attempt's temporary grant into this step's state. */
  adopt(scope: string, roleGuid: string, principalId: string, name: string): void
  load(): LoadedState
}
