using 'main.bicep'

// Values for infra/deploy; secrets and keys come from the environment, never from this file.
param networkProfile = readEnvironmentVariable('NEURON_NETWORK_PROFILE', 'internalLoadBalancer')
param namePrefix = readEnvironmentVariable('NEURON_NAME_PREFIX', 'neuron')
param runnerMinInstances = int(readEnvironmentVariable('NEURON_RUNNER_MIN', '1'))
param runnerMaxInstances = int(readEnvironmentVariable('NEURON_RUNNER_MAX', '10'))
param runnerAdminSshPublicKey = readEnvironmentVariable('NEURON_SSH_PUBLIC_KEY')
param runnerSecret = readEnvironmentVariable('NEURON_RUNNER_SECRET')
param adminKey = readEnvironmentVariable('NEURON_ADMIN_KEY')
param runnerReleaseBlob = readEnvironmentVariable('NEURON_RELEASE_BLOB', 'runner.tar.gz')
param deployerPrincipalId = readEnvironmentVariable('NEURON_DEPLOYER_PRINCIPAL_ID', '')
param burstEnabled = bool(readEnvironmentVariable('NEURON_BURST_ENABLED', 'false'))
param burstImage = readEnvironmentVariable('NEURON_BURST_IMAGE', '')
param burstSandboxRepository = readEnvironmentVariable('NEURON_BURST_SANDBOX_REPOSITORY', '')
param burstMaxGroups = int(readEnvironmentVariable('NEURON_BURST_MAX_GROUPS', '3'))
