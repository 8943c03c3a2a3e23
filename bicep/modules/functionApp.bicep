// The API: a Function App on Flex Consumption running the .NET isolated worker
// (runtime dotnet-isolated 10.0). Its system identity reaches storage
// (AzureWebJobsStorage__accountName), the vault (the runner secret is a Key Vault
// reference) and Application Insights.
@description('Azure region.')
param location string

@description('Prefix for resource names.')
param namePrefix string

@description('Storage account used by the Functions host and the app.')
param storageAccountName string

@description('Key Vault holding the runner secret.')
param vaultName string

@description('URI of the runner secret (no version, so rotations are picked up).')
param runnerSecretUri string

@description('URI of the admin key secret (no version, so rotations are picked up).')
param adminKeySecretUri string

@description('Application Insights component name.')
param appInsightsName string

@description('Subnet for VNet integration (delegated to Microsoft.App/environments).')
param subnetId string

@description('Internal URL of the runner load balancer; empty in scaleToZero.')
param runnerUrl string

@description('Url: the app dispatches to runnerUrl. Table: to the nodes registered in the runners table (scaleToZero).')
@allowed(['Url', 'Table'])
param runnerDiscovery string

@description('Upper bound of Flex Consumption instances.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Whether the burst controller may manage container groups in this resource group.')
param burstEnabled bool

@description('Registry image of the runner agent for burst container groups.')
param burstImage string

@description('Login server of the registry burst groups pull from; empty without burst capacity.')
param burstRegistryServer string

@description('User-assigned identity (resource id) burst groups pull images with.')
param burstPullIdentityId string

@description('Registry path of the sandbox images kept outside this deployment; empty: the registry this template made.')
param burstSandboxRepository string

@description('Most burst container groups at once.')
param burstMaxGroups int

@description('Subnet delegated to container groups.')
param burstSubnetId string

@description('Runner port of the burst container groups.')
param runnerPort int

@description('Resource id of the runner VM scale set (its capacity counts before bursting).')
param scaleSetId string

// Sandbox images kept elsewhere, or in the burst registry; empty without burst capacity (the controller then reads none of them).
var sandboxRepository = !empty(burstSandboxRepository) ? burstSandboxRepository : empty(burstRegistryServer) ? '' : '${burstRegistryServer}/neuron-sandbox'

// The sandbox images the runner names (languages.json, read when the template is built: neuron-sandbox/<image>:<tag>),
// so that burst groups run the tags infra/deploy pushes and the scale set runs. C++20 runs in the C++ image.
var shippedSandboxImages = {
  python: loadJsonContent('../../runner/Neuron.Runner/Languages/languages.json', '$[?(@.id == \'python\')].image')
  javascript: loadJsonContent('../../runner/Neuron.Runner/Languages/languages.json', '$[?(@.id == \'javascript\')].image')
  java: loadJsonContent('../../runner/Neuron.Runner/Languages/languages.json', '$[?(@.id == \'java\')].image')
  c: loadJsonContent('../../runner/Neuron.Runner/Languages/languages.json', '$[?(@.id == \'c\')].image')
  cpp: loadJsonContent('../../runner/Neuron.Runner/Languages/languages.json', '$[?(@.id == \'cpp\')].image')
  cpp20: loadJsonContent('../../runner/Neuron.Runner/Languages/languages.json', '$[?(@.id == \'cpp20\')].image')
}

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}
var storageRoles = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}


resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: '${namePrefix}-api-${uniqueString(resourceGroup().id)}'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: subnetId
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // On Flex Consumption the worker runtime and the package come from functionAppConfig and the platform sets
      // the host version: it rejects or overrides the app settings that held them elsewhere (FUNCTIONS_WORKER_RUNTIME,
      // FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENTSHARE...; see "Flex Consumption plan
      // deprecations" in the Functions app settings reference), so none of them is set here.
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        // routePrefix is "": the playground answers at /, not the Functions host's default home page.
        { name: 'AzureWebJobsDisableHomepage', value: 'true' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }
        { name: 'Runner__Discovery', value: runnerDiscovery }
        { name: 'Runner__Url', value: runnerUrl }
        { name: 'Runner__Secret', value: '@Microsoft.KeyVault(SecretUri=${runnerSecretUri})' }
        { name: 'Keys__AdminKey', value: '@Microsoft.KeyVault(SecretUri=${adminKeySecretUri})' }
        { name: 'Burst__Enabled', value: string(burstEnabled) }
        { name: 'Burst__SubscriptionId', value: subscription().subscriptionId }
        { name: 'Burst__ResourceGroupName', value: resourceGroup().name }
        { name: 'Burst__Location', value: location }
        { name: 'Burst__SubnetId', value: burstSubnetId }
        { name: 'Burst__Image', value: empty(burstImage) && burstEnabled ? '${burstRegistryServer}/neuron-runner/agent:3' : burstImage }
        { name: 'Burst__MaxGroups', value: string(burstMaxGroups) }
        { name: 'Burst__RunnerPort', value: string(runnerPort) }
        { name: 'Burst__ScaleSetResourceId', value: scaleSetId }
        { name: 'Burst__QueueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'Burst__RegistryServer', value: burstRegistryServer }
        { name: 'Burst__RegistryIdentityResourceId', value: burstPullIdentityId }
        // One sandbox container per language in every burst group (shippedSandboxImages, above).
        { name: 'Burst__SandboxImages__python', value: empty(sandboxRepository) ? '' : replace(shippedSandboxImages.python, 'neuron-sandbox/', '${sandboxRepository}/') }
        { name: 'Burst__SandboxImages__javascript', value: empty(sandboxRepository) ? '' : replace(shippedSandboxImages.javascript, 'neuron-sandbox/', '${sandboxRepository}/') }
        { name: 'Burst__SandboxImages__java', value: empty(sandboxRepository) ? '' : replace(shippedSandboxImages.java, 'neuron-sandbox/', '${sandboxRepository}/') }
        { name: 'Burst__SandboxImages__c', value: empty(sandboxRepository) ? '' : replace(shippedSandboxImages.c, 'neuron-sandbox/', '${sandboxRepository}/') }
        { name: 'Burst__SandboxImages__cpp', value: empty(sandboxRepository) ? '' : replace(shippedSandboxImages.cpp, 'neuron-sandbox/', '${sandboxRepository}/') }
        { name: 'Burst__SandboxImages__cpp20', value: empty(sandboxRepository) ? '' : replace(shippedSandboxImages.cpp20, 'neuron-sandbox/', '${sandboxRepository}/') }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}app-package'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // The platform's .NET 10 isolated-worker stack: it carries the runtime, so the app is published
      // framework-dependent (ReadyToRun, see functions/Neuron.Functions/Neuron.Functions.csproj).
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

// No publishing passwords: deployments authenticate with Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: {
    name: guid(storage.id, site.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: site.identity.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource vaultRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, site.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource telemetryRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, site.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The burst controller needs exactly this much of the resource group: container
// groups, joining the burst subnet, and reading the runner scale set's size.
resource burstRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (burstEnabled) {
  name: guid(resourceGroup().id, 'neuron-burst-controller')
  properties: {
    roleName: 'Neuron burst controller ${uniqueString(resourceGroup().id)}'
    description: 'Create, read and delete container groups; join the burst subnet; read scale sets.'
    type: 'CustomRole'
    assignableScopes: [resourceGroup().id]
    permissions: [
      {
        actions: [
          'Microsoft.ContainerInstance/containerGroups/*'
          'Microsoft.Network/virtualNetworks/subnets/join/action'
          'Microsoft.Compute/virtualMachineScaleSets/read'
          'Microsoft.Resources/subscriptions/resourceGroups/resources/read'
          // give the groups the identity that pulls from the registry
          'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action'
        ]
        notActions: []
      }
    ]
  }
}

resource burstRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (burstEnabled) {
  name: guid(resourceGroup().id, site.id, 'neuron-burst-controller')
  properties: {
    roleDefinitionId: burstRole.id
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
