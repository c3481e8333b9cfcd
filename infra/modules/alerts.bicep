// The four alert rules of docs/ARCHITECTURE.md §2, evaluated by Azure Monitor across all instances on the engine's own
// OpenTelemetry metrics (meter Beds24Sync, exported to Application Insights as customMetrics); the app evaluates
// the same rules per instance (Beds24Sync.Alerts.AlertEvaluator). Plus a platform-metric backstop for queue depth.
param appName string
param location string
param insightsId string
param queueServiceId string
param alertEmail string

var minimumChanges = 20

var logAlerts = [
  {
    name: 'success-rate'
    description: 'Sync success rate below 95 % over the last 15 minutes (at least ${minimumChanges} changes).'
    severity: 1
    windowSize: 'PT15M'
    query: 'customMetrics | where name == "beds24sync.outcomes" | extend outcome = tostring(customDimensions["outcome"]) | summarize total = sum(valueSum), failed = sumif(valueSum, outcome == "failure") | where total >= ${minimumChanges} and (total - failed) / total < 0.95'
  }
  {
    name: 'queue-depth'
    description: 'A queue holds more than 1000 messages: processing is falling behind.'
    severity: 2
    windowSize: 'PT5M'
    query: 'customMetrics | where name == "beds24sync.queue_depth" | summarize depth = max(valueMax) by queue = tostring(customDimensions["queue"]) | where depth > 1000'
  }
  {
    name: 'beds24-unreachable'
    description: 'Beds24 unreachable for more than 5 minutes (no answer at all: network, timeouts, open circuit).'
    severity: 1
    windowSize: 'PT5M'
    query: 'customMetrics | where name == "beds24sync.beds24_unreachable_seconds" | summarize unreachable = max(valueMax) | where unreachable > 300'
  }
  {
    name: 'conflict-rate'
    description: 'More than 10 % of the changes of the last 15 minutes ran into a conflict (at least ${minimumChanges} changes).'
    severity: 2
    windowSize: 'PT15M'
    query: 'let changes = toscalar(customMetrics | where name == "beds24sync.outcomes" | summarize sum(valueSum)); let conflicts = toscalar(customMetrics | where name == "beds24sync.conflicts" | summarize sum(valueSum)); print changes, rate = iff(changes > 0, conflicts / changes, 0.0) | where changes >= ${minimumChanges} and rate > 0.10'
  }
]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${appName}-alerts'
  location: 'global'
  properties: {
    groupShortName: take(appName, 12)
    enabled: true
    emailReceivers: [ { name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true } ]
  }
}

resource scheduledAlerts 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for alert in logAlerts: {
  name: '${appName}-${alert.name}'
  location: location
  properties: {
    displayName: '${appName}: ${alert.name}'
    description: alert.description
    severity: alert.severity
    enabled: true
    autoMitigate: true
    scopes: [ insightsId ]
    evaluationFrequency: 'PT5M'
    windowSize: alert.windowSize
    criteria: {
      allOf: [ { query: alert.query, timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0, failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 } } ]
    }
    actions: { actionGroups: [ actionGroup.id ] }
  }
}]

// Backstop when the app itself is down (its gauges stop): the storage platform metric, total messages in all queues.
resource queueBacklog 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${appName}-queue-backlog'
  location: 'global'
  properties: {
    description: 'More than 1000 messages wait in the storage queues (platform metric; also fires when the app is down).'
    severity: 2
    enabled: true
    autoMitigate: true
    scopes: [ queueServiceId ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [ { name: 'backlog', metricName: 'QueueMessageCount', metricNamespace: 'Microsoft.Storage/storageAccounts/queueServices', operator: 'GreaterThan', threshold: 1000, timeAggregation: 'Average', criterionType: 'StaticThresholdCriterion' } ]
    }
    actions: [ { actionGroupId: actionGroup.id } ]
  }
}
