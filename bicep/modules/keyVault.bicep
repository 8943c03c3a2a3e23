// Key Vault: the only place the runner HMAC secret and the API's admin key are stored. RBAC authorization;
// data-plane access only from the Function App and runner subnets.
@description('Azure region.')
param location string

@description('Globally unique vault name.')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Name of the secret that holds the runner HMAC secret.')
param secretName string

@secure()
@description('The runner HMAC secret.')
param runnerSecret string

@description('Name of the secret that holds the admin key of the API (/api/admin/keys).')
param adminKeySecretName string

@secure()
@description('The admin key of the API (Keys:AdminKey).')
param adminKey string

@description('Subnets allowed to reach the vault.')
param allowedSubnetIds array

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      virtualNetworkRules: [for id in allowedSubnetIds: { id: id, ignoreMissingVnetServiceEndpoint: false }]
    }
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretName
  properties: {
    value: runnerSecret
    contentType: 'HMAC-SHA256 key shared by the Function App and the runners'
  }
}

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: adminKeySecretName
  properties: {
    value: adminKey
    contentType: 'Admin key of the Functions app: creates, lists and revokes API keys'
  }
}

output vaultName string = vault.name
output vaultUri string = vault.properties.vaultUri
output secretUri string = secret.properties.secretUri
output adminKeySecretUri string = adminKeySecret.properties.secretUri
