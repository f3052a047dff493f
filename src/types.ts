export type AuthType = 'oidc' | 'azure-cli' | 'auto'
export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud' | 'Custom'
export type PrincipalType = 'User' | 'Group' | 'ServicePrincipal'
export type Mode = 'assign' | 'revoke'

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
  readonly resourceGroup: string
  readonly resourceName: string
  readonly principals: readonly PrincipalSpec[]
  readonly principalType?: PrincipalType
  readonly role: RoleSpec
  readonly allowPrivilegedRole: boolean
  readonly description?: string
  readonly mode: Mode
  readonly dryRun: boolean
  readonly revokeAfterJob: boolean
  readonly waitForPropagation: boolean
  readonly waitTimeoutSeconds: number
  readonly probeModel?: string
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

export interface Account {
  readonly id: string
  readonly endpoint?: string
  readonly inferenceEndpoint?: string
  readonly openAiEndpoint?: string
  readonly customSubDomainName?: string
  readonly publicNetworkAccess?: string
}

export type Outcome =
  'created' | 'already assigned' | 'removed' | 'not assigned' | 'would create' | 'would remove'

export interface PrincipalResult {
  readonly principal: ResolvedPrincipal
  readonly outcome: Outcome
  readonly assignmentId?: string
}
