// Azure Monitor workbook over what the app already sends to Application Insights: the engine's beds24sync.* metrics
// and its push/inbound spans (for latency percentiles; metric histograms arrive pre-aggregated).
param appName string
param location string
param insightsId string

var timeRange = { type: 4, isRequired: true, value: { durationMs: 86400000 }, typeSettings: { selectableValues: [ { durationMs: 3600000 }, { durationMs: 86400000 }, { durationMs: 604800000 } ] } }

var tiles = [
  {
    title: 'Success rate per flow'
    query: 'customMetrics | where name == "beds24sync.outcomes" | extend flow = tostring(customDimensions["flow"]), outcome = tostring(customDimensions["outcome"]) | summarize total = sum(valueSum), ok = sumif(valueSum, outcome == "success") by flow, bin(timestamp, 15m) | extend successRate = round(100.0 * ok / total, 1) | project timestamp, flow, successRate'
    visualization: 'timechart'
  }
  {
    title: 'Latency p50 / p95 / p99 (ms) of pushes and inbound bookings'
    query: 'dependencies | where name in ("push booking", "inbound booking") | summarize p50 = percentile(duration, 50), p95 = percentile(duration, 95), p99 = percentile(duration, 99) by name, bin(timestamp, 15m)'
    visualization: 'timechart'
  }
  {
    title: 'Queue depths'
    query: 'customMetrics | where name == "beds24sync.queue_depth" | summarize depth = max(valueMax) by queue = tostring(customDimensions["queue"]), bin(timestamp, 5m)'
    visualization: 'timechart'
  }
  {
    title: 'Conflict rate (conflicts per synced change)'
    query: 'let changes = customMetrics | where name == "beds24sync.outcomes" | summarize changes = sum(valueSum) by bin(timestamp, 1h); customMetrics | where name == "beds24sync.conflicts" | summarize conflicts = sum(valueSum) by bin(timestamp, 1h) | join kind=rightouter changes on timestamp | project timestamp = coalesce(timestamp, timestamp1), rate = iff(changes > 0, coalesce(conflicts, 0.0) / changes, 0.0)'
    visualization: 'timechart'
  }
  {
    title: 'Beds24 API errors'
    query: 'customMetrics | where name == "beds24sync.api_errors" | summarize errors = sum(valueSum) by bin(timestamp, 15m)'
    visualization: 'barchart'
  }
  {
    title: 'Beds24 credits left per account (of ~100 per 5 minutes)'
    query: 'customMetrics | where name == "beds24sync.credits_left" | summarize creditsLeft = min(valueMin) by account = tostring(customDimensions["account"]), bin(timestamp, 5m)'
    visualization: 'timechart'
  }
]

var content = {
  version: 'Notebook/1.0'
  items: concat([
    { type: 1, name: 'title', content: { json: '## Beds24 ⇄ PMS sync (${appName})\nFrom the app\'s metrics and spans in Application Insights. Alerts: see the alert rules of this resource group.' } }
    { type: 9, name: 'parameters', content: { version: 'KqlParameterItem/1.0', parameters: [ union(timeRange, { id: 'time-range', name: 'TimeRange', label: 'Time range' }) ] } }
  ], map(tiles, tile => {
    type: 3
    name: tile.title
    content: {
      version: 'KqlItem/1.0'
      title: tile.title
      query: tile.query
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: tile.visualization
      timeContextFromParameter: 'TimeRange'
    }
  }))
  fallbackResourceIds: [ insightsId ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, appName, 'beds24sync-workbook')
  location: location
  kind: 'shared'
  properties: {
    displayName: 'Beds24 sync (${appName})'
    category: 'workbook'
    sourceId: insightsId
    serializedData: string(content)
  }
}

output id string = workbook.id
