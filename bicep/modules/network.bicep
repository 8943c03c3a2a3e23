// Network: one VNet, a subnet per tier. Only the Function App subnet can reach the
// runner port; nothing on the internet can reach anything here. Runners leave
// through a NAT gateway (packages, images) in the internalLoadBalancer profile; in
// scaleToZero they have no way to the internet at all, only to Storage and Key
// Vault over service endpoints (NSG egress rules with service tags). Burst
// containers have no outbound path in either profile.
@description('Azure region.')
param location string

@description('Prefix for resource names.')
param namePrefix string

@description('Address space of the VNet.')
param addressPrefix string = '10.40.0.0/16'

@description('TCP port the runner agent listens on.')
param runnerPort int

@description('internalLoadBalancer: NAT gateway egress for the runners, load balancer probe allowed in. scaleToZero: no fixed-price networking; runner egress only to Storage and Key Vault.')
@allowed(['internalLoadBalancer', 'scaleToZero'])
param networkProfile string

var functionsPrefix = cidrSubnet(addressPrefix, 24, 1)
var runnersPrefix = cidrSubnet(addressPrefix, 24, 2)
var burstPrefix = cidrSubnet(addressPrefix, 24, 3)
var serviceEndpoints = [
  { service: 'Microsoft.Storage' }
  { service: 'Microsoft.KeyVault' }
]

var scaleToZero = networkProfile == 'scaleToZero'

resource natIp 'Microsoft.Network/publicIPAddresses@2024-05-01' = if (!scaleToZero) {
  name: '${namePrefix}-nat-ip'
  location: location
  sku: { name: 'Standard' }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource nat 'Microsoft.Network/natGateways@2024-05-01' = if (!scaleToZero) {
  name: '${namePrefix}-nat'
  location: location
  sku: { name: 'Standard' }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [{ id: natIp.id }]
  }
}

resource functionsNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${namePrefix}-functions-nsg'
  location: location
  properties: {
    securityRules: [
      {
        name: 'DenyInternetInbound'
        properties: {
          priority: 4000
          direction: 'Inbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: 'Internet'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

// Shared by the runner VMs and the burst containers: the runner port is open to
// the Function App subnet (and, with a load balancer, its probe), nothing else.
var functionsToRunnerRule = {
  name: 'AllowFunctionsToRunner'
  properties: {
    priority: 100
    direction: 'Inbound'
    access: 'Allow'
    protocol: 'Tcp'
    sourceAddressPrefix: functionsPrefix
    sourcePortRange: '*'
    destinationAddressPrefix: '*'
    destinationPortRange: string(runnerPort)
  }
}
var loadBalancerProbeRule = {
  name: 'AllowLoadBalancerProbe'
  properties: {
    priority: 110
    direction: 'Inbound'
    access: 'Allow'
    protocol: 'Tcp'
    sourceAddressPrefix: 'AzureLoadBalancer'
    sourcePortRange: '*'
    destinationAddressPrefix: '*'
    destinationPortRange: string(runnerPort)
  }
}
var denyInboundRules = [
  {
    name: 'DenyInternetInbound'
    properties: {
      priority: 4000
      direction: 'Inbound'
      access: 'Deny'
      protocol: '*'
      sourceAddressPrefix: 'Internet'
      sourcePortRange: '*'
      destinationAddressPrefix: '*'
      destinationPortRange: '*'
    }
  }
  {
    name: 'DenyAllOtherInbound'
    properties: {
      priority: 4096
      direction: 'Inbound'
      access: 'Deny'
      protocol: '*'
      sourceAddressPrefix: '*'
      sourcePortRange: '*'
      destinationAddressPrefix: '*'
      destinationPortRange: '*'
    }
  }
]
var runnerInboundRules = concat([functionsToRunnerRule, loadBalancerProbeRule], denyInboundRules)
var scaleToZeroInboundRules = concat([functionsToRunnerRule], denyInboundRules)

// scaleToZero: a runner VM reaches only what it needs, over service endpoints of
// this region — Storage (the release, the sandbox images, the runners table) and
// Key Vault (the HMAC secret). The Azure platform addresses a VM always reaches
// (DNS 168.63.129.16, IMDS 169.254.169.254 for its identity's tokens) are not
// subject to NSG rules.
var scaleToZeroOutboundRules = [
  {
    name: 'AllowStorageOutbound'
    properties: {
      priority: 100
      direction: 'Outbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourceAddressPrefix: 'VirtualNetwork'
      sourcePortRange: '*'
      destinationAddressPrefix: 'Storage.${location}'
      destinationPortRange: '443'
    }
  }
  {
    name: 'AllowKeyVaultOutbound'
    properties: {
      priority: 110
      direction: 'Outbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourceAddressPrefix: 'VirtualNetwork'
      sourcePortRange: '*'
      destinationAddressPrefix: 'AzureKeyVault.${location}'
      destinationPortRange: '443'
    }
  }
  {
    name: 'DenyInternetOutbound'
    properties: {
      priority: 4000
      direction: 'Outbound'
      access: 'Deny'
      protocol: '*'
      sourceAddressPrefix: '*'
      sourcePortRange: '*'
      destinationAddressPrefix: 'Internet'
      destinationPortRange: '*'
    }
  }
  {
    name: 'DenyVirtualNetworkOutbound'
    properties: {
      priority: 4010
      direction: 'Outbound'
      access: 'Deny'
      protocol: '*'
      sourceAddressPrefix: '*'
      sourcePortRange: '*'
      destinationAddressPrefix: 'VirtualNetwork'
      destinationPortRange: '*'
    }
  }
]

resource runnersNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${namePrefix}-runners-nsg'
  location: location
  properties: {
    securityRules: scaleToZero ? concat(scaleToZeroInboundRules, scaleToZeroOutboundRules) : runnerInboundRules
  }
}

// Burst containers run user code in the same kernel as their agent (no nested
// Docker on ACI), so they get no outbound path at all: replies to the Function
// App still flow because NSGs are stateful.
var burstOutboundRules = [
  {
    name: 'DenyInternetOutbound'
    properties: {
      priority: 4000
      direction: 'Outbound'
      access: 'Deny'
      protocol: '*'
      sourceAddressPrefix: '*'
      sourcePortRange: '*'
      destinationAddressPrefix: 'Internet'
      destinationPortRange: '*'
    }
  }
  {
    name: 'DenyVirtualNetworkOutbound'
    properties: {
      priority: 4010
      direction: 'Outbound'
      access: 'Deny'
      protocol: '*'
      sourceAddressPrefix: '*'
      sourcePortRange: '*'
      destinationAddressPrefix: 'VirtualNetwork'
      destinationPortRange: '*'
    }
  }
]

resource burstNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${namePrefix}-burst-nsg'
  location: location
  properties: {
    securityRules: concat(scaleToZero ? scaleToZeroInboundRules : runnerInboundRules, burstOutboundRules)
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${namePrefix}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        name: 'functions'
        properties: {
          addressPrefix: functionsPrefix
          networkSecurityGroup: { id: functionsNsg.id }
          serviceEndpoints: serviceEndpoints
          delegations: [
            {
              name: 'flex-consumption'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
        }
      }
      {
        name: 'runners'
        properties: {
          addressPrefix: runnersPrefix
          networkSecurityGroup: { id: runnersNsg.id }
          natGateway: scaleToZero ? null : { id: nat.id }
          serviceEndpoints: serviceEndpoints
          defaultOutboundAccess: false
        }
      }
      {
        name: 'burst'
        properties: {
          addressPrefix: burstPrefix
          networkSecurityGroup: { id: burstNsg.id }
          defaultOutboundAccess: false
          delegations: [
            {
              name: 'container-instances'
              properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' }
            }
          ]
        }
      }
    ]
  }
}

output vnetId string = vnet.id
output functionsSubnetId string = vnet.properties.subnets[0].id
output runnersSubnetId string = vnet.properties.subnets[1].id
output burstSubnetId string = vnet.properties.subnets[2].id
