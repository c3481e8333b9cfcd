// Beds24Functions in Azure: a Flex Consumption function app (.NET isolated), storage with the queues and tables of
// docs/ARCHITECTURE.md §3, Key Vault (RBAC), Application Insights + Log Analytics, one user-assigned identity with only the
// roles it needs, and the four alert rules. Deploy:
//   az deployment group create -g <rg> -f infra/main.bicep -p appName=<name> alertEmail=<ops mail>
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

@description('Upper bound of Flex Consumption instances (Beds24 credits, not CPU, are the real limit).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Client id of the Entra ID app registration operators sign in with (docs/SETUP.md "Operator sign-in"); empty leaves the conflicts API closed.')
param operatorAuthClientId string = ''

@description('Tenant of that app registration.')
param operatorAuthTenantId string = tenant().tenantId

@description('Optional inbound allow-list of CIDR ranges for the function app (include Beds24\'s webhook senders); empty: open.')
param allowedIpRanges array = []

@description('Timer crons (six fields, UTC) by job, read through the Schedule_<Job> app settings; a job left out keeps its default.')
param schedules object = {}

// The defaults of shared/Beds24Sync.Workflows/Hosting/ScheduledJobs.cs (a test keeps them equal).
var defaultSchedules = {
  IncrementalPull: '0 */5 * * * *'
  NightlyFullPull: '0 0 3 * * *'
  EvaluateAlerts: '30 * * * * *'
  ConflictWorkflows: '0 * * * * *'
  PoisonQueueDrain: '45 */5 * * * *'
  PendingPushSweep: '0 */10 * * * *'
  CalendarSweep: '15 */5 * * * *'
  PurgeWebhookEvents: '0 20 2 * * *'
  PurgeDurableHistory: '0 40 2 * * *'
  CheckBookingWebhooks: '0 50 2 * * *'
}

var suffix = take(uniqueString(resourceGroup().id), 6)
var queueNames = [ 'beds24-push-bookings', 'beds24-push-calendar', 'pms-inbound', 'beds24-inbound', 'beds24-deadletter' ]
var tableNames = [ 'Beds24Accounts', 'PropertyMappings', 'RoomMappings', 'BookingLinks', 'GuestLinks', 'WebhookEvents', 'SyncCursors', 'SyncConflicts', 'DeadLetters', 'CalendarPending' ]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${appName}-id'
    location: location
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    appName: appName
    location: location
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: toLower('${appName}${take(uniqueString(resourceGroup().id), 10)}')
    location: location
    principalId: identity.outputs.principalId
    queueNames: queueNames
    tableNames: tableNames
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: '${appName}-kv-${suffix}'
    location: location
    principalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    appName: appName
    location: location
    suffix: suffix
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageName: storage.outputs.name
    insightsName: monitoring.outputs.insightsName
    vaultName: vault.outputs.name
    beds24BaseAddress: beds24BaseAddress
    dotnetVersion: dotnetVersion
    maximumInstanceCount: maximumInstanceCount
    operatorAuthClientId: operatorAuthClientId
    operatorAuthTenantId: operatorAuthTenantId
    allowedIpRanges: allowedIpRanges
    schedules: union(defaultSchedules, schedules)
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    appName: appName
    location: location
    insightsId: monitoring.outputs.insightsId
    queueServiceId: storage.outputs.queueServiceId
    alertEmail: alertEmail
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    appName: appName
    location: location
    insightsId: monitoring.outputs.insightsId
  }
}

output functionAppName string = app.outputs.name
output keyVaultName string = vault.outputs.name
output storageAccountName string = storage.outputs.name
output webhookUrl string = 'https://${app.outputs.defaultHostName}/api/integrations/beds24/webhook'
