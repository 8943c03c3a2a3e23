// Private container registry for burst capacity: the runner agent image and the
// sandbox images that ACI groups pull. No admin user, no anonymous pull: container
// groups pull with a user-assigned identity that holds AcrPull on this registry only.
@description('Azure region.')
param location string

@description('Registry name: 5-50 alphanumerics, globally unique.')
param registryName string

@description('Name of the identity burst container groups pull with.')
param pullIdentityName string

@description('Object id of the identity running infra/deploy (gets AcrPush). Empty: none.')
param deployerPrincipalId string

var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
var acrPush = '8311e382-0749-4cb8-b61a-304f252e45ec'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: registryName
  location: location
  sku: { name: 'Basic' }
  properties: {
    adminUserEnabled: false
  }
}

resource pullIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: pullIdentityName
  location: location
}

resource pullAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, pullIdentity.id, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: pullIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource pushAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(registry.id, deployerPrincipalId, acrPush)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPush)
    principalId: deployerPrincipalId
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
output pullIdentityId string = pullIdentity.id
