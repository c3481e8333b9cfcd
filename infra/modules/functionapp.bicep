// Flex Consumption function app (.NET isolated), running as the user-assigned identity: the Functions host reaches
// storage with it (AzureWebJobsStorage__*), the engine too (Storage__*), and app settings that are secrets only
// reference Key Vault (@Microsoft.KeyVault(...)), resolved with the same identity.
param appName string
param location string
param suffix string
param identityId string
param identityClientId string
param storageName string
param insightsName string
param vaultName string
param beds24BaseAddress string
param dotnetVersion string
param maximumInstanceCount int
@description('Client id of the Entra app registration operators sign in with (App Service authentication); empty: no sign-in, the conflicts API stays closed.')
param operatorAuthClientId string
param operatorAuthTenantId string
@description('Optional inbound allow-list (CIDR ranges); empty: reachable from anywhere (Beds24 must reach the webhook).')
param allowedIpRanges array
@description('Timer crons by job name; each becomes the Schedule_<Job> app setting its [TimerTrigger] names (%Schedule_<Job>%).')
param schedules object

var operatorSignIn = !empty(operatorAuthClientId)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${appName}-plan'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: '${appName}-func-${suffix}'
  location: location
  // azd deploys the service "functions" (azure.yaml) to the resource carrying this tag.
  tags: { 'azd-service-name': 'functions' }
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}deployments'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: dotnetVersion }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      ipSecurityRestrictionsDefaultAction: empty(allowedIpRanges) ? 'Allow' : 'Deny'
      ipSecurityRestrictions: [for (range, i) in allowedIpRanges: {
        ipAddress: range
        action: 'Allow'
        priority: 100 + i
        name: 'allowed-${i}'
      }]
      scmIpSecurityRestrictionsUseMain: true
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'DurableTaskHubName', value: 'Beds24Sync' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'Storage__QueueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'Storage__TableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'SecretStore__KeyVaultUri', value: vault.properties.vaultUri }
        { name: 'Beds24__BaseAddress', value: beds24BaseAddress }
        { name: 'Webhook__SecretName', value: 'beds24-webhook-secret' }
        { name: 'Alerts__WebhookSecretName', value: 'alert-webhook-url' }
        // A secret the engine reads from configuration: only a Key Vault reference lives here.
        { name: 'Guests__HashKey', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=guest-hash-key)' }
        // Operators: App Service authentication's validated principal, and the app role needed to resolve.
        { name: 'Operator__Authentication', value: operatorSignIn ? 'AppService' : 'Disabled' }
        { name: 'Operator__ResolverRole', value: 'Conflicts.Resolve' }
        // The sign-in app registration's client secret (read by App Service authentication), from Key Vault only.
        { name: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET', value: operatorSignIn ? '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=operator-auth-client-secret)' : '' }
        // Each timer's cron: its [TimerTrigger] reads %Schedule_<Job>%.
        { name: 'Schedule_IncrementalPull', value: schedules.IncrementalPull }
        { name: 'Schedule_NightlyFullPull', value: schedules.NightlyFullPull }
        { name: 'Schedule_EvaluateAlerts', value: schedules.EvaluateAlerts }
        { name: 'Schedule_ConflictWorkflows', value: schedules.ConflictWorkflows }
        { name: 'Schedule_PoisonQueueDrain', value: schedules.PoisonQueueDrain }
        { name: 'Schedule_PendingPushSweep', value: schedules.PendingPushSweep }
        { name: 'Schedule_CalendarSweep', value: schedules.CalendarSweep }
        { name: 'Schedule_PurgeWebhookEvents', value: schedules.PurgeWebhookEvents }
        { name: 'Schedule_PurgeDurableHistory', value: schedules.PurgeDurableHistory }
        { name: 'Schedule_CheckBookingWebhooks', value: schedules.CheckBookingWebhooks }
      ]
    }
  }
}

// Entra ID sign-in in front of the app. Anonymous requests still pass (the webhook, machine callers with function
// keys); the platform validates sessions and tokens, sets X-MS-CLIENT-PRINCIPAL and strips it from client requests,
// and the conflicts API (OperatorAccess) refuses callers without a principal, and resolving without the app role.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (operatorSignIn) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: '${environment().authentication.loginEndpoint}${operatorAuthTenantId}/v2.0'
          clientId: operatorAuthClientId
          clientSecretSettingName: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
        }
        validation: {
          allowedAudiences: [ 'api://${operatorAuthClientId}', operatorAuthClientId ]
        }
      }
    }
    login: { tokenStore: { enabled: true } }
    httpSettings: { requireHttps: true }
  }
}

// Deployments go through Entra-authenticated publishing (azd, az CLI), never SCM/FTP basic-auth credentials.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: { allow: false }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: { allow: false }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
