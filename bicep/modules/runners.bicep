// Runner pool: a VM scale set, upgraded in rolling batches, autoscaled on the
// depth of the "runs" queue. Nodes boot with infra/cloud-init/runner.yaml.
// internalLoadBalancer: behind a Standard internal load balancer whose probe
// (GET /healthz) is the health signal. scaleToZero: no load balancer; each node
// registers its private address in the runners table (heartbeat) and the
// Application Health extension reads /healthz on the node itself.
@description('Azure region.')
param location string

@description('Prefix for resource names.')
param namePrefix string

@description('Subnet of the runner nodes.')
param subnetId string

@description('TCP port the runner agent listens on.')
param runnerPort int

@description('internalLoadBalancer or scaleToZero (see main.bicep).')
@allowed(['internalLoadBalancer', 'scaleToZero'])
param networkProfile string

@description('Table service endpoint where scaleToZero nodes register (the runners table); unused with the load balancer.')
param tableEndpoint string

@description('VM size of a runner node.')
param vmSize string

@description('OCI runtime of the sandboxes (Runner__Runtime): runc or runsc (gVisor).')
@allowed(['runc', 'runsc'])
param runtime string

@description('Fewest runner nodes (0 allows scale to zero, with burst capacity on ACI).')
@minValue(0)
param minInstances int

@description('Most runner nodes.')
@minValue(1)
param maxInstances int

@description('Queue depth (messages) above which a node is added.')
@minValue(1)
param scaleOutQueueDepth int

@description('Admin user for break-glass SSH through a bastion (no public endpoint exists).')
param adminUsername string

@description('SSH public key of the admin user.')
param adminSshPublicKey string

@description('URL of the runner release tarball in blob storage.')
param releaseUrl string

@description('Storage account holding the release and the runs queue.')
param storageAccountName string

@description('Resource id of the runs queue, the autoscale metric source.')
param runsQueueResourceId string

@description('Key Vault holding the runner secret.')
param vaultName string

@description('Name of the runner secret in the vault.')
param secretName string

var scaleToZero = networkProfile == 'scaleToZero'
var roles = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource releases 'containers' existing = {
      name: 'releases'
    }
  }

  resource tableService 'tableServices' existing = {
    name: 'default'

    resource runnersTable 'tables' existing = {
      name: 'runners'
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

var cloudInit = reduce(
  [
    { token: '__NEURON_RELEASE_URL__', value: releaseUrl }
    { token: '__NEURON_VAULT_URI__', value: vault.properties.vaultUri }
    { token: '__NEURON_SECRET_NAME__', value: secretName }
    { token: '__NEURON_RUNNER_PORT__', value: string(runnerPort) }
    { token: '__NEURON_RUNNER_RUNTIME__', value: runtime }
    // Empty with the load balancer: the node does not register.
    { token: '__NEURON_RUNNERS_TABLE_URL__', value: scaleToZero ? '${tableEndpoint}runners' : '' }
  ],
  loadTextContent('../../infra/cloud-init/runner.yaml'),
  (text, item) => replace(text, item.token, item.value)
)

resource lb 'Microsoft.Network/loadBalancers@2024-05-01' = if (!scaleToZero) {
  name: '${namePrefix}-runners-ilb'
  location: location
  sku: { name: 'Standard', tier: 'Regional' }
  properties: {
    frontendIPConfigurations: [
      {
        name: 'runners'
        properties: {
          subnet: { id: subnetId }
          privateIPAllocationMethod: 'Dynamic'
        }
      }
    ]
    backendAddressPools: [{ name: 'runners' }]
    probes: [
      {
        name: 'healthz'
        properties: {
          protocol: 'Http'
          port: runnerPort
          requestPath: '/healthz'
          intervalInSeconds: 5
          numberOfProbes: 2
          probeThreshold: 2
        }
      }
    ]
    loadBalancingRules: [
      {
        name: 'runner'
        properties: {
          protocol: 'Tcp'
          frontendPort: runnerPort
          backendPort: runnerPort
          idleTimeoutInMinutes: 4
          enableFloatingIP: false
          disableOutboundSnat: true
          loadDistribution: 'Default'
          frontendIPConfiguration: { id: resourceId('Microsoft.Network/loadBalancers/frontendIPConfigurations', '${namePrefix}-runners-ilb', 'runners') }
          backendAddressPool: { id: resourceId('Microsoft.Network/loadBalancers/backendAddressPools', '${namePrefix}-runners-ilb', 'runners') }
          probe: { id: resourceId('Microsoft.Network/loadBalancers/probes', '${namePrefix}-runners-ilb', 'healthz') }
        }
      }
    ]
  }
}

resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {
  name: '${namePrefix}-runners'
  location: location
  identity: { type: 'SystemAssigned' }
  sku: { name: vmSize, tier: 'Standard', capacity: minInstances }
  properties: {
    orchestrationMode: 'Uniform'
    overprovision: false
    singlePlacementGroup: true
    upgradePolicy: {
      mode: 'Rolling'
      rollingUpgradePolicy: {
        maxBatchInstancePercent: 25
        maxUnhealthyInstancePercent: 25
        maxUnhealthyUpgradedInstancePercent: 25
        pauseTimeBetweenBatches: 'PT30S'
        prioritizeUnhealthyInstances: true
      }
    }
    automaticRepairsPolicy: {
      enabled: true
      gracePeriod: 'PT30M'
    }
    virtualMachineProfile: {
      storageProfile: {
        imageReference: {
          publisher: 'Debian'
          offer: 'debian-12'
          sku: '12-gen2'
          version: 'latest'
        }
        osDisk: {
          createOption: 'FromImage'
          caching: 'ReadWrite'
          diskSizeGB: 64
          managedDisk: { storageAccountType: 'StandardSSD_LRS' }
        }
      }
      osProfile: {
        computerNamePrefix: 'runner'
        adminUsername: adminUsername
        customData: base64(cloudInit)
        linuxConfiguration: {
          disablePasswordAuthentication: true
          provisionVMAgent: true
          ssh: {
            publicKeys: [
              {
                path: '/home/${adminUsername}/.ssh/authorized_keys'
                keyData: adminSshPublicKey
              }
            ]
          }
        }
      }
      networkProfile: {
        healthProbe: scaleToZero ? null : { id: resourceId('Microsoft.Network/loadBalancers/probes', lb.name, 'healthz') }
        networkInterfaceConfigurations: [
          {
            name: 'runner-nic'
            properties: {
              primary: true
              ipConfigurations: [
                {
                  name: 'ipconfig'
                  properties: {
                    subnet: { id: subnetId }
                    loadBalancerBackendAddressPools: scaleToZero ? [] : [
                      { id: resourceId('Microsoft.Network/loadBalancers/backendAddressPools', lb.name, 'runners') }
                    ]
                  }
                }
              ]
            }
          }
        ]
      }
      // Without a load balancer probe, rolling upgrades and automatic repairs read
      // health from this extension, which polls the agent on the node itself.
      extensionProfile: scaleToZero ? {
        extensions: [
          {
            name: 'health'
            properties: {
              publisher: 'Microsoft.ManagedServices'
              type: 'ApplicationHealthLinux'
              typeHandlerVersion: '2.0'
              autoUpgradeMinorVersion: true
              settings: {
                protocol: 'http'
                port: runnerPort
                requestPath: '/healthz'
                intervalInSeconds: 5
                numberOfProbes: 2
              }
            }
          }
        ]
      } : null
    }
  }
}

resource vaultRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, vmss.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: vmss.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource releaseRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::releases.id, vmss.id, roles.storageBlobDataReader)
  scope: storage::blobService::releases
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
    principalId: vmss.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// scaleToZero nodes write their own row (address and heartbeat) in the runners table, nothing else.
resource runnersTableRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (scaleToZero) {
  name: guid(storage::tableService::runnersTable.id, vmss.id, roles.storageTableDataContributor)
  scope: storage::tableService::runnersTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: vmss.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Queue depth drives the pool: "ApproximateMessageCount" of the runs queue is the
// storage-queue metric source autoscale supports. CPU guards against long runs
// that keep the queue short but the nodes busy: autoscale scales in only when
// every scale-in rule agrees (queue empty and CPU low).
resource autoscale 'Microsoft.Insights/autoscalesettings@2022-10-01' = {
  name: '${namePrefix}-runners-autoscale'
  location: location
  properties: {
    enabled: true
    targetResourceUri: vmss.id
    profiles: [
      {
        name: 'queue-depth'
        capacity: {
          minimum: string(minInstances)
          maximum: string(maxInstances)
          default: string(minInstances)
        }
        rules: [
          {
            metricTrigger: {
              metricName: 'ApproximateMessageCount'
              metricResourceUri: runsQueueResourceId
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT5M'
              timeAggregation: 'Average'
              operator: 'GreaterThan'
              threshold: scaleOutQueueDepth
            }
            scaleAction: { direction: 'Increase', type: 'ChangeCount', value: '1', cooldown: 'PT3M' }
          }
          {
            metricTrigger: {
              metricName: 'ApproximateMessageCount'
              metricResourceUri: runsQueueResourceId
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT15M'
              timeAggregation: 'Average'
              operator: 'LessThanOrEqual'
              threshold: 0
            }
            scaleAction: { direction: 'Decrease', type: 'ChangeCount', value: '1', cooldown: 'PT10M' }
          }
          {
            metricTrigger: {
              metricName: 'Percentage CPU'
              metricResourceUri: vmss.id
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT15M'
              timeAggregation: 'Average'
              operator: 'LessThan'
              threshold: 20
            }
            scaleAction: { direction: 'Decrease', type: 'ChangeCount', value: '1', cooldown: 'PT10M' }
          }
          {
            metricTrigger: {
              metricName: 'Percentage CPU'
              metricResourceUri: vmss.id
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT5M'
              timeAggregation: 'Average'
              operator: 'GreaterThan'
              threshold: 75
            }
            scaleAction: { direction: 'Increase', type: 'ChangeCount', value: '1', cooldown: 'PT5M' }
          }
        ]
      }
    ]
  }
}

// Empty in scaleToZero: the dispatcher finds the nodes through the runners table.
output runnerUrl string = scaleToZero ? '' : 'http://${lb!.properties.frontendIPConfigurations[0].properties.privateIPAddress}:${runnerPort}'
output scaleSetId string = vmss.id
