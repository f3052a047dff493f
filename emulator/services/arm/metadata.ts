// GET /metadata/endpoints?api-version=2022-09-01: the cloud metadata document clients use to configure a
// custom cloud, pointing at the emulator's own hosts (shape as public ARM returns it for that version). With
// api-version 2015-01-01, the older shape the Azure CLI's `az cloud register` reads (through msrestazure) to fill
// in the login endpoint, the token audience and the AD Graph resource it was not given.
import type { Context } from '../../context.js'
import { armError, json, type EmuRequest, type EmuResponse } from '../../http.js'
import { armAudiences } from './auth.js'

export function metadataEndpoints(ctx: Context, req: EmuRequest): EmuResponse {
  if (!req.query.get('api-version')) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.'
    )
  }
  const graph = `${ctx.urls.graph}/`
  if (req.query.get('api-version') === '2015-01-01') {
    return json(200, {
      galleryEndpoint: 'https://gallery.azure.com/',
      graphEndpoint: graph,
      portalEndpoint: 'https://portal.azure.com/',
      authentication: { loginEndpoint: `${ctx.urls.login}/`, audiences: armAudiences(ctx) }
    })
  }
  return json(200, {
    portal: 'https://portal.azure.com',
    authentication: {
      loginEndpoint: ctx.urls.login,
      audiences: armAudiences(ctx),
      tenant: 'common',
      identityProvider: 'AAD'
    },
    media: 'https://rest.media.azure.net',
    graphAudience: graph,
    graph,
    name: 'AzureEmulator',
    suffixes: {
      azureDataLakeStoreFileSystem: 'azuredatalakestore.net',
      acrLoginServer: 'azurecr.io',
      sqlServerHostname: 'database.windows.net',
      azureDataLakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
      keyVaultDns: 'vault.azure.net',
      storage: 'core.windows.net',
      azureFrontDoorEndpointSuffix: 'azurefd.net',
      storageSyncEndpointSuffix: 'afs.azure.net',
      mhsmDns: 'managedhsm.azure.net',
      mysqlServerEndpoint: 'mysql.database.azure.com',
      postgresqlServerEndpoint: 'postgres.database.azure.com',
      mariadbServerEndpoint: 'mariadb.database.azure.com',
      synapseAnalytics: 'dev.azuresynapse.net',
      attestationEndpoint: 'attest.azure.net'
    },
    batch: 'https://batch.core.windows.net/',
    resourceManager: `${ctx.urls.arm}/`,
    vmImageAliasDoc:
      'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/arm-compute/quickstart-templates/aliases.json',
    activeDirectoryDataLake: 'https://datalake.azure.net/',
    sqlManagement: 'https://management.core.windows.net:8443/',
    microsoftGraphResourceId: graph,
    appInsightsResourceId: 'https://api.applicationinsights.io',
    appInsightsTelemetryChannelResourceId: 'https://dc.applicationinsights.azure.com/v2/track',
    attestationResourceId: 'https://attest.azure.net',
    synapseAnalyticsResourceId: 'https://dev.azuresynapse.net',
    logAnalyticsResourceId: 'https://api.loganalytics.io',
    ossrDbmsResourceId: 'https://ossrdbms-aad.database.windows.net'
  })
}
