// Lets the identity running infra/deploy upload the runner release (shared keys
// are disabled, so the upload authenticates with Entra ID).
@description('Storage account holding the releases container.')
param storageAccountName string

@description('Object id of the deploying user or service principal.')
param principalId string

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource releases 'containers' existing = {
      name: 'releases'
    }
  }
}

resource releaseUpload 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::releases.id, principalId, storageBlobDataContributor)
  scope: storage::blobService::releases
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: principalId
  }
}
