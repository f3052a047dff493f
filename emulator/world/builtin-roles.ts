// Built-in Azure roles with their real GUIDs and permissions (the parts that matter for authorization
// decisions here). Kept verbatim from the public definitions so that "Contributor cannot assign roles"
// falls out of notActions rather than being special-cased.
import type { RoleDefinition } from './types.js'

const perm = (
  actions: string[],
  notActions: string[] = [],
  dataActions: string[] = [],
  notDataActions: string[] = []
) => ({
  actions,
  notActions,
  dataActions,
  notDataActions
})

const builtIn = (
  id: string,
  roleName: string,
  description: string,
  p: ReturnType<typeof perm>
): RoleDefinition => ({
  id,
  roleName,
  type: 'BuiltInRole',
  description,
  assignableScopes: ['/'],
  permissions: [p]
})

const insightsRead = [
  'Microsoft.Insights/alertRules/read',
  'Microsoft.Insights/diagnosticSettings/read',
  'Microsoft.Insights/logDefinitions/read',
  'Microsoft.Insights/metricdefinitions/read',
  'Microsoft.Insights/metrics/read',
  'Microsoft.ResourceHealth/availabilityStatuses/read',
  'Microsoft.Resources/deployments/operations/read',
  'Microsoft.Resources/subscriptions/operationresults/read',
  'Microsoft.Resources/subscriptions/read',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Support/*'
]

const openAiUserData = [
  'Microsoft.CognitiveServices/accounts/OpenAI/*/read',
  'Microsoft.CognitiveServices/accounts/OpenAI/engines/completions/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/engines/search/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/engines/generate/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/search/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/completions/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/extensions/chat/completions/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/images/generations/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/audio/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/responses/write',
  'Microsoft.CognitiveServices/accounts/OpenAI/responses/read'
]

export const ROLE_IDS = {
  cognitiveServicesUser: 'a97b65f3-24c7-4388-baec-2e87135dc908',
  azureAiUser: '53ca6127-db72-4b80-b1b0-d745d6d5456d',
  azureAiOwner: 'c883944f-8b7b-4483-af10-35834be79c4a',
  azureAiAccountOwner: 'e47c6f54-e4a2-4754-9501-8e0985b135e1',
  azureAiProjectManager: 'eadc314b-1a2d-4efa-be10-5d325db5065e',
  openAiUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
  openAiContributor: 'a001fd3d-188f-4b5d-821b-7da978bf7442',
  azureAiDeveloper: '64702f94-c441-49e6-a78b-ef80e0188fee',
  cognitiveServicesContributor: '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68',
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  rbacAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
} as const

export const BUILTIN_ROLES: readonly RoleDefinition[] = [
  builtIn(
    ROLE_IDS.cognitiveServicesUser,
    'Cognitive Services User',
    'Lets you read and list keys of Cognitive Services.',
    perm(
      [
        'Microsoft.CognitiveServices/*/read',
        'Microsoft.CognitiveServices/accounts/listkeys/action',
        ...insightsRead
      ],
      [],
      ['Microsoft.CognitiveServices/*']
    )
  ),
  builtIn(
    ROLE_IDS.azureAiUser,
    'Azure AI User',
    'Grants reader access to AI projects, reader access to AI accounts, and data actions for an AI project.',
    perm(
      [
        'Microsoft.CognitiveServices/*/read',
        'Microsoft.Authorization/*/read',
        'Microsoft.CognitiveServices/accounts/network/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read'
      ],
      [],
      ['Microsoft.CognitiveServices/*']
    )
  ),
  // The Foundry roles below may write role assignments; Azure restricts which roles they may hand out with an
  // ABAC condition (Azure AI User only, for the Project Manager), which the emulator does not evaluate.
  builtIn(
    ROLE_IDS.azureAiOwner,
    'Azure AI Owner',
    'Grants full access to manage AI projects and accounts, to assign roles, and data actions for AI projects.',
    perm(
      [
        'Microsoft.CognitiveServices/*',
        'Microsoft.Authorization/*/read',
        'Microsoft.Authorization/roleAssignments/write',
        'Microsoft.Authorization/roleAssignments/delete',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read'
      ],
      [],
      ['Microsoft.CognitiveServices/*']
    )
  ),
  builtIn(
    ROLE_IDS.azureAiAccountOwner,
    'Azure AI Account Owner',
    'Grants full access to manage AI projects and accounts, and to assign roles; no data actions.',
    perm([
      'Microsoft.CognitiveServices/*',
      'Microsoft.Authorization/*/read',
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read'
    ])
  ),
  builtIn(
    ROLE_IDS.azureAiProjectManager,
    'Azure AI Project Manager',
    'Lets you manage AI projects, build in them, and give others Azure AI User on them.',
    perm(
      [
        'Microsoft.CognitiveServices/*/read',
        'Microsoft.CognitiveServices/accounts/projects/*',
        'Microsoft.Authorization/*/read',
        'Microsoft.Authorization/roleAssignments/write',
        'Microsoft.Authorization/roleAssignments/delete',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read'
      ],
      [],
      ['Microsoft.CognitiveServices/*']
    )
  ),
  builtIn(
    ROLE_IDS.openAiUser,
    'Cognitive Services OpenAI User',
    'Read access to view files, models, deployments. The ability to create completion and embedding calls.',
    perm(
      [
        'Microsoft.CognitiveServices/*/read',
        'Microsoft.Authorization/roleAssignments/read',
        'Microsoft.Authorization/roleDefinitions/read'
      ],
      [],
      openAiUserData
    )
  ),
  builtIn(
    ROLE_IDS.openAiContributor,
    'Cognitive Services OpenAI Contributor',
    'Full access including the ability to fine-tune, deploy and generate text',
    perm(
      [
        'Microsoft.CognitiveServices/*/read',
        'Microsoft.Authorization/roleAssignments/read',
        'Microsoft.Authorization/roleDefinitions/read',
        'Microsoft.CognitiveServices/accounts/deployments/write',
        'Microsoft.CognitiveServices/accounts/deployments/delete',
        'Microsoft.CognitiveServices/accounts/raiPolicies/read',
        'Microsoft.CognitiveServices/accounts/raiPolicies/write',
        'Microsoft.CognitiveServices/accounts/raiPolicies/delete',
        'Microsoft.CognitiveServices/accounts/commitmentplans/read',
        'Microsoft.CognitiveServices/accounts/commitmentplans/write',
        'Microsoft.CognitiveServices/accounts/commitmentplans/delete',
        'Microsoft.Insights/alertRules/read',
        'Microsoft.Insights/metrics/read',
        'Microsoft.Insights/metricdefinitions/read',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Support/*'
      ],
      [],
      ['Microsoft.CognitiveServices/accounts/OpenAI/*']
    )
  ),
  builtIn(
    ROLE_IDS.azureAiDeveloper,
    'Azure AI Developer',
    'Can perform all actions within an Azure AI resource besides managing the resource itself.',
    perm(
      [
        'Microsoft.Authorization/*/read',
        'Microsoft.CognitiveServices/*',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.MachineLearningServices/workspaces/*/read',
        'Microsoft.MachineLearningServices/workspaces/*/action',
        'Microsoft.MachineLearningServices/workspaces/*/delete',
        'Microsoft.MachineLearningServices/workspaces/*/write',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read'
      ],
      [
        'Microsoft.MachineLearningServices/workspaces/delete',
        'Microsoft.MachineLearningServices/workspaces/write',
        'Microsoft.MachineLearningServices/workspaces/listKeys/action',
        'Microsoft.MachineLearningServices/workspaces/hubs/write',
        'Microsoft.MachineLearningServices/workspaces/hubs/delete',
        'Microsoft.MachineLearningServices/workspaces/featurestores/write',
        'Microsoft.MachineLearningServices/workspaces/featurestores/delete'
      ],
      [
        'Microsoft.CognitiveServices/accounts/OpenAI/*',
        'Microsoft.CognitiveServices/accounts/SpeechServices/*',
        'Microsoft.CognitiveServices/accounts/ContentSafety/*',
        'Microsoft.CognitiveServices/accounts/MaaS/*'
      ]
    )
  ),
  builtIn(
    ROLE_IDS.cognitiveServicesContributor,
    'Cognitive Services Contributor',
    'Lets you create, read, update, delete and manage keys of Cognitive Services.',
    perm([
      'Microsoft.Authorization/*/read',
      'Microsoft.CognitiveServices/*',
      'Microsoft.Features/features/read',
      'Microsoft.Features/providers/features/read',
      'Microsoft.Features/providers/features/register/action',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Insights/diagnosticSettings/*',
      'Microsoft.Insights/logDefinitions/read',
      'Microsoft.Insights/metricdefinitions/read',
      'Microsoft.Insights/metrics/read',
      'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/operationresults/read',
      'Microsoft.Resources/subscriptions/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Support/*'
    ])
  ),
  builtIn(
    ROLE_IDS.owner,
    'Owner',
    'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    perm(['*'])
  ),
  builtIn(
    ROLE_IDS.contributor,
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    perm(
      ['*'],
      [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
        'Microsoft.Purview/consents/write',
        'Microsoft.Purview/consents/delete',
        'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
        'Microsoft.Subscription/cancel/action',
        'Microsoft.Subscription/enable/action'
      ]
    )
  ),
  builtIn(
    ROLE_IDS.reader,
    'Reader',
    'View all resources, but does not allow you to make any changes.',
    perm(['*/read'])
  ),
  builtIn(
    ROLE_IDS.userAccessAdministrator,
    'User Access Administrator',
    'Lets you manage user access to Azure resources.',
    perm(['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'])
  ),
  builtIn(
    ROLE_IDS.rbacAdministrator,
    'Role Based Access Control Administrator',
    'Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.',
    perm([
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
      'Microsoft.Support/*'
    ])
  )
]

/** How tenants that got the 2026 rename show the Foundry roles (same GUIDs and permissions). */
export const FOUNDRY_ROLE_NAMES: Readonly<Record<string, string>> = {
  [ROLE_IDS.azureAiUser]: 'Foundry User',
  [ROLE_IDS.azureAiOwner]: 'Foundry Owner',
  [ROLE_IDS.azureAiAccountOwner]: 'Foundry Account Owner',
  [ROLE_IDS.azureAiProjectManager]: 'Foundry Project Manager'
}
