// Neuron on Azure: the API (Function App, Flex Consumption, .NET isolated worker), its
// storage, the runner pool (VM scale set), the network that keeps the runners
// private, Key Vault for the runner secret, and burst capacity on Azure Container
// Instances. Two network profiles (bicep/README.md): internalLoadBalancer (the scale
// set behind an internal load balancer, NAT gateway egress) and scaleToZero (no
// fixed-price networking: no load balancer, no NAT gateway, nodes found through the
// runners table, scale set minimum 0, ACI serves the first run after idle).
targetScope = 'resourceGroup'

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('internalLoadBalancer: scale set behind an internal load balancer, NAT gateway egress. scaleToZero: no load balancer, no NAT gateway, no VM while idle (minimum 0, burst capacity on).')
@allowed(['internalLoadBalancer', 'scaleToZero'])
param networkProfile string = 'internalLoadBalancer'

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

@description('OCI runtime of the runner nodes\' sandboxes: runc (Docker\'s default) or runsc (gVisor, a second wall: runner/README.md § gVisor). Nodes install and register runsc either way.')
@allowed(['runc', 'runsc'])
param runnerRuntime string = 'runc'

@description('Fewest runner nodes; 0 scales the pool to zero (use burst capacity then). scaleToZero always uses 0.')
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

@description('Start runner container groups on ACI when the queue backs up. Always on in scaleToZero.')
param burstEnabled bool = false

@description('Registry image of the runner agent for ACI (static isolation, see bicep/README.md). Empty: neuron-runner/agent:3 in the registry this template creates.')
param burstImage string = ''

@description('Registry path of the sandbox images for ACI, e.g. ghcr.io/you/neuron-sandbox (images <lang>:<tag> as runner/Neuron.Runner/Languages/languages.json names them). With burstImage also set, no registry is created (Basic costs ~$5 a month, idle or not). Empty: the registry this template creates.')
param burstSandboxRepository string = ''

@description('Most container groups the burst controller may run at once.')
@minValue(0)
@maxValue(50)
param burstMaxGroups int = 3

var runnerPort = 5080
var scaleToZero = networkProfile == 'scaleToZero'
// With no VM while idle, ACI serves the first run while the scale set scales out.
var burst = burstEnabled || scaleToZero
// The registry is the one fixed cost of burst capacity; images kept elsewhere (both given) need none.
var ownRegistry = burst && (empty(burstImage) || empty(burstSandboxRepository))
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
    networkProfile: networkProfile
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
    networkProfile: networkProfile
    tableEndpoint: storage.outputs.tableEndpoint
    vmSize: runnerVmSize
    runtime: runnerRuntime
    minInstances: scaleToZero ? 0 : runnerMinInstances
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

module registry 'modules/registry.bicep' = if (ownRegistry) {
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
    runnerDiscovery: scaleToZero ? 'Table' : 'Url'
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    burstEnabled: burst
    burstImage: burstImage
    burstRegistryServer: ownRegistry ? registry!.outputs.loginServer : ''
    burstPullIdentityId: ownRegistry ? registry!.outputs.pullIdentityId : ''
    burstSandboxRepository: burstSandboxRepository
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

@description('Container registry for the burst images (infra/deploy pushes to it); empty without burst capacity or with images kept elsewhere.')
output registryName string = ownRegistry ? registry!.outputs.name : ''

@description('The network profile deployed (infra/deploy packs the offline runner release for scaleToZero).')
output networkProfile string = networkProfile
