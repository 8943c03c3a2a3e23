// Logs and traces: a Log Analytics workspace and the Application Insights
// component the Function App reports to (Entra ID ingestion only).
@description('Azure region.')
param location string

@description('Prefix for resource names.')
param namePrefix string

@description('Application Insights component name.')
param appInsightsName string

@description('Days of log retention.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output appInsightsName string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString
