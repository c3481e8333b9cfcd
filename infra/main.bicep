// Beds24Functions in Azure: Flex Consumption function app (.NET isolated), storage (queues and tables of DESIGN §3),
// Key Vault (RBAC), Application Insights, one user-assigned identity with only the roles it needs, and the four alerts.
targetScope = 'resourceGroup'

@description('Short name used in every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param appName string

param location string = resourceGroup().location

@description('Beds24 API root.')
param beds24BaseAddress string = 'https://beds24.com/api/v2/'

@description('Where alert notifications go.')
param alertEmail string

@description('.NET version of the isolated worker.')
param dotnetVersion string = '10.0'

var suffix = uniqueString(resourceGroup().id)
var storageName = toLower('${appName}${take(suffix, 10)}')
var queueNames = [ 'beds24-push-bookings', 'beds24-push-calendar', 'pms-inbound', 'beds24-inbound', 'beds24-deadletter' ]
var tableNames = [ 'Beds24Accounts', 'PropertyMappings', 'RoomMappings', 'BookingLinks', 'GuestLinks', 'WebhookEvents', 'SyncCursors', 'SyncConflicts', 'DeadLetters', 'CalendarPending' ]
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${appName}-id'
  location: location
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${appName}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${appName}-ai'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deployments 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'deployments'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for name in queueNames: {
  parent: queueService
  name: name
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for name in tableNames: {
  parent: tableService
  name: name
}]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${appName}-kv-${take(suffix, 6)}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [ roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor ]: {
  name: guid(storage.id, identity.id, role)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${appName}-plan'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: '${appName}-func-${take(suffix, 6)}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deployments.name}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: dotnetVersion }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        { name: 'Storage__QueueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'Storage__TableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'SecretStore__KeyVaultUri', value: vault.properties.vaultUri }
        { name: 'Beds24__BaseAddress', value: beds24BaseAddress }
        // Secrets stay in Key Vault; app settings only reference them.
        { name: 'Guests__HashKey', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=guest-hash-key)' }
      ]
      keyVaultReferenceIdentity: identity.id
    }
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${appName}-alerts'
  location: 'global'
  properties: {
    groupShortName: take(appName, 12)
    enabled: true
    emailReceivers: [ { name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true } ]
  }
}

resource queueDepthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${appName}-queue-depth'
  location: 'global'
  properties: {
    description: 'Queue depth above 1000 messages: processing is falling behind.'
    severity: 2
    enabled: true
    scopes: [ queueService.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [ { name: 'depth', metricName: 'QueueMessageCount', metricNamespace: 'Microsoft.Storage/storageAccounts/queueServices', operator: 'GreaterThan', threshold: 1000, timeAggregation: 'Average', criterionType: 'StaticThresholdCriterion' } ]
    }
    actions: [ { actionGroupId: actionGroup.id } ]
  }
}

var logAlerts = [
  {
    name: 'success-rate'
    description: 'Sync success rate below 95 % over 15 minutes (dead letters versus pushes and publications).'
    query: 'let ok = toscalar(traces | where message startswith "Pushed reservation" or message startswith "Published Beds24 booking" | count); let failed = toscalar(traces | where message startswith "Dead-lettered message" | count); print rate = iff(ok + failed == 0, 1.0, todouble(ok) / (ok + failed)) | where rate < 0.95'
    severity: 1
  }
  {
    name: 'beds24-unreachable'
    description: 'Beds24 unreachable for more than 5 minutes (circuit open or every call failing).'
    query: 'traces | where message startswith "Beds24 circuit opened" or message has "Could not reach Beds24" | summarize failures = count() by bin(timestamp, 1m) | summarize minutes = count() | where minutes >= 5'
    severity: 1
  }
  {
    name: 'conflict-rate'
    description: 'More than 10 % of synced bookings ran into a conflict.'
    query: 'let conflicts = toscalar(traces | where message startswith "Conflict " and message has "on reservation" | count); let synced = toscalar(traces | where message startswith "Pushed reservation" or message startswith "Published Beds24 booking" | count); print rate = iff(synced == 0, 0.0, todouble(conflicts) / synced) | where rate > 0.10'
    severity: 2
  }
]

resource scheduledAlerts 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for alert in logAlerts: {
  name: '${appName}-${alert.name}'
  location: location
  properties: {
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [ insights.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [ { query: alert.query, timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0, failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 } } ]
    }
    actions: { actionGroups: [ actionGroup.id ] }
  }
}]

output functionAppName string = functionApp.name
output keyVaultName string = vault.name
output storageAccountName string = storage.name
output webhookUrl string = 'https://${functionApp.properties.defaultHostName}/api/integrations/beds24/webhook'
