// Neuron on Azure: the API (Function App, Flex Consumption, .NET isolated worker), its
// storage, the runner pool (VM scale set behind an internal load balancer), the
// network that keeps the runners private, Key Vault for the runner secret, and
// optional burst capacity on Azure Container Instances.
targetScope = 'resourceGroup'

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Short prefix for resource names.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'neuron'

@description('Upper bound of Function App instances (Flex Consumption allows 40-1000).')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('Memory of one Function App instance.')
@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048

@description('VM size of a runner node.')
param runnerVmSize string = 'Standard_D2as_v5'

@description('Fewest runner nodes; 0 scales the pool to zero (use burst capacity then).')
@minValue(0)
@maxValue(100)
param runnerMinInstances int = 1

@description('Most runner nodes.')
@minValue(1)
@maxValue(100)
param runnerMaxInstances int = 10

@description('Average queue depth above which a runner node is added.')
@minValue(1)
param runnerScaleOutQueueDepth int = 20

@description('Admin user of the runner nodes (SSH key only, no public endpoint).')
param runnerAdminUsername string = 'neuronadmin'

@description('SSH public key of the runner admin user.')
param runnerAdminSshPublicKey string

@secure()
@description('HMAC secret shared by the Function App and the runners; stored only in Key Vault.')
param runnerSecret string

@secure()
@minLength(32)
@description('Admin key of the API (creates, lists, revokes API keys; infra/keys); stored only in Key Vault.')
param adminKey string

@description('Blob name of the runner release that the nodes install (the deploy script uploads it).')
param runnerReleaseBlob string = 'runner.tar.gz'

@description('Object id of the identity running the deployment; gets blob upload rights for releases. Empty: none.')
param deployerPrincipalId string = ''

@description('Start runner container groups on ACI when the queue backs up (needs burstImage).')
param burstEnabled bool = false

@description('Registry image of the runner agent for ACI (static isolation, see bicep/README.md). Empty: neuron-runner/agent:3 in the registry this template creates.')
param burstImage string = ''

@description('Most container groups the burst controller may run at once.')
@minValue(0)
@maxValue(50)
param burstMaxGroups int = 3

var runnerPort = 5080
var secretName = 'runner-secret'
var adminKeySecretName = 'admin-key'
var suffix = uniqueString(resourceGroup().id)
// Names are computed here, not taken from module outputs, so what-if can predict
// every resource the modules touch.
var storageAccountName = take('${namePrefix}${suffix}', 24)
var vaultName = take('${namePrefix}-kv-${suffix}', 24)
var appInsightsName = '${namePrefix}-appi'

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    namePrefix: namePrefix
    runnerPort: runnerPort
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    namePrefix: namePrefix
    appInsightsName: appInsightsName
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    accountName: storageAccountName
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    vaultName: vaultName
    secretName: secretName
    runnerSecret: runnerSecret
    adminKeySecretName: adminKeySecretName
    adminKey: adminKey
    allowedSubnetIds: [network.outputs.functionsSubnetId, network.outputs.runnersSubnetId]
  }
}

module runners 'modules/runners.bicep' = {
  name: 'runners'
  params: {
    location: location
    namePrefix: namePrefix
    subnetId: network.outputs.runnersSubnetId
    runnerPort: runnerPort
    vmSize: runnerVmSize
    minInstances: runnerMinInstances
    maxInstances: runnerMaxInstances
    scaleOutQueueDepth: runnerScaleOutQueueDepth
    adminUsername: runnerAdminUsername
    adminSshPublicKey: runnerAdminSshPublicKey
    releaseUrl: '${storage.outputs.blobEndpoint}releases/${runnerReleaseBlob}'
    storageAccountName: storageAccountName
    runsQueueResourceId: storage.outputs.runsQueueResourceId
    vaultName: vaultName
    secretName: secretName
  }
  dependsOn: [keyVault]
}

module registry 'modules/registry.bicep' = if (burstEnabled) {
  name: 'registry'
  params: {
    location: location
    registryName: take('${replace(namePrefix, '-', '')}acr${suffix}', 50)
    pullIdentityName: '${namePrefix}-burst-pull'
    deployerPrincipalId: deployerPrincipalId
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  params: {
    location: location
    namePrefix: namePrefix
    storageAccountName: storageAccountName
    vaultName: vaultName
    runnerSecretUri: keyVault.outputs.secretUri
    adminKeySecretUri: keyVault.outputs.adminKeySecretUri
    appInsightsName: appInsightsName
    subnetId: network.outputs.functionsSubnetId
    runnerUrl: runners.outputs.runnerUrl
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    burstEnabled: burstEnabled
    burstImage: burstImage
    burstRegistryServer: burstEnabled ? registry!.outputs.loginServer : ''
    burstPullIdentityId: burstEnabled ? registry!.outputs.pullIdentityId : ''
    burstMaxGroups: burstMaxGroups
    burstSubnetId: network.outputs.burstSubnetId
    runnerPort: runnerPort
    scaleSetId: runners.outputs.scaleSetId
  }
  dependsOn: [monitoring]
}

module deployerAccess 'modules/deployerAccess.bicep' = if (!empty(deployerPrincipalId)) {
  name: 'deployerAccess'
  params: {
    storageAccountName: storageAccountName
    principalId: deployerPrincipalId
  }
  dependsOn: [storage]
}

@description('Base URL of the public API.')
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('Name of the Function App (for zip deployment).')
output functionAppName string = functionApp.outputs.name

@description('Storage account holding queues, tables and the runner release.')
output storageAccountName string = storage.outputs.accountName

@description('Key Vault holding the runner secret.')
output keyVaultName string = keyVault.outputs.vaultName

@description('Name of the runner VM scale set.')
output runnerScaleSetName string = last(split(runners.outputs.scaleSetId, '/'))

@description('Container registry for the burst images (infra/deploy pushes to it); empty without burst capacity.')
output registryName string = burstEnabled ? registry!.outputs.name : ''
