namespace Neuron.Deploy.Tests.Deploy;

/// <summary>
/// Runs infra/deploy with stand-ins for az and dotnet first on PATH. The stand-ins record
/// every call (one line each, in order) and answer just enough for the script to go on.
/// </summary>
public sealed class DeploySandbox : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("neuron-deploy-test-");

    public DeploySandbox(string? existingStorageAccount = null)
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Home);
        Write("az", $$"""
            #!/bin/bash
            echo "az $*" >> "{{CallLog}}"
            # What the bicepparam file would read from the environment, at deployment time.
            [ "$1 $2" = "deployment group" ] && printf '%s\n' "NEURON_RUNNER_SECRET=${NEURON_RUNNER_SECRET:-} NEURON_SSH_PUBLIC_KEY=${NEURON_SSH_PUBLIC_KEY:-} NEURON_RELEASE_BLOB=${NEURON_RELEASE_BLOB:-} NEURON_NETWORK_PROFILE=${NEURON_NETWORK_PROFILE:-}" >> "{{EnvLog}}"
            case "$*" in
              "account show -o none") exit 0 ;;
              "ad signed-in-user show"*) echo 11111111-2222-3333-4444-555555555555 ;;
              "group exists"*) echo "${STUB_GROUP_EXISTS:-true}" ;;
              "storage account list"*) echo "{{existingStorageAccount ?? ""}}" ;;
              "storage blob upload"*)
                while [ $# -gt 0 ]; do [ "$1" = -f ] && cp "$2" "{{UploadedRelease}}"; shift; done ;;
              "functionapp deployment source config-zip"*)
                while [ $# -gt 0 ]; do [ "$1" = --src ] && cp "$2" "{{DeployedApp}}"; shift; done ;;
              "deployment group what-if"*) echo "Resource changes: 42 to create." ;;
              *"outputs.apiBaseUrl.value"*) echo https://neuron-api-abc.azurewebsites.net/api ;;
              *"outputs.functionAppName.value"*) echo neuron-api-abc ;;
              *"outputs.storageAccountName.value"*) echo neuronabc ;;
              *"outputs.runnerScaleSetName.value"*) echo neuron-runners ;;
              *"outputs.registryName.value"*) echo neuronacrabc ;;
              "acr show"*) echo neuronacrabc.azurecr.io ;;
            esac
            exit 0
            """);
        Write("docker", $$"""
            #!/bin/bash
            echo "docker $*" >> "{{CallLog}}"
            exit 0
            """);
        Write("build-images", $$"""
            #!/bin/bash
            echo "build-images $*" >> "{{CallLog}}"
            exit 0
            """);
        Write("dotnet", $$"""
            #!/bin/bash
            echo "dotnet $*" >> "{{CallLog}}"
            out=""
            while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done
            mkdir -p "$out"
            echo binary > "$out/app.dll"
            case "$out" in
              */functions)
                # What the isolated worker's publish leaves; STUB_FUNCTIONS_DEFECT breaks one part of it.
                echo binary > "$out/Neuron.Functions"
                echo '{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }' > "$out/host.json"
                echo '[{ "name": "Health", "scriptFile": "Neuron.Functions.dll", "bindings": [] }]' > "$out/functions.metadata"
                echo '{ "description": { "language": "dotnet-isolated", "defaultExecutablePath": "{WorkerRoot}Neuron.Functions" } }' > "$out/worker.config.json"
                mkdir -p "$out/.azurefunctions"
                echo binary > "$out/.azurefunctions/Microsoft.Azure.WebJobs.Extensions.FunctionMetadataLoader.dll"
                case "${STUB_FUNCTIONS_DEFECT:-}" in
                  no-metadata) rm "$out/functions.metadata" ;;
                  no-worker-config) rm "$out/worker.config.json" ;;
                  no-extensions) rm -r "$out/.azurefunctions" ;;
                  custom-handler) echo '{ "version": "2.0", "customHandler": { "description": { "defaultExecutablePath": "Neuron.Functions" } } }' > "$out/host.json" ;;
                  function-folder) mkdir -p "$out/Health" && echo '{ "bindings": [] }' > "$out/Health/function.json" ;;
                esac ;;
            esac
            exit 0
            """);
    }

    /// <summary>A stand-in for infra/build-images (NEURON_BUILD_IMAGES): records that it ran.</summary>
    public string BuildImages => Path.Combine(Bin, "build-images");

    public string Bin => Path.Combine(dir.FullName, "bin");

    public string Home => Path.Combine(dir.FullName, "home");

    public string State => Path.Combine(dir.FullName, "state");

    public string CallLog => Path.Combine(dir.FullName, "calls.log");

    public string EnvLog => Path.Combine(dir.FullName, "env.log");

    public string UploadedRelease => Path.Combine(dir.FullName, "uploaded-release.tar.gz");

    /// <summary>The zip the script handed to <c>az functionapp deployment source config-zip</c>.</summary>
    public string DeployedApp => Path.Combine(dir.FullName, "deployed-app.zip");

    public IReadOnlyList<string> Calls => File.Exists(CallLog) ? File.ReadAllLines(CallLog) : [];

    public int IndexOf(string callStart) =>
        Calls.Select((call, i) => (call, i)).FirstOrDefault(c => c.call.StartsWith(callStart, StringComparison.Ordinal), (call: "", i: -1)).i;

    public Task<ProcessRunner.Result> RunAsync(params string[] arguments) =>
        RunAsync(new Dictionary<string, string?>(), arguments);

    public Task<ProcessRunner.Result> RunAsync(IDictionary<string, string?> environment, params string[] arguments)
    {
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = $"{Bin}:/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = Home,
            ["NEURON_DEPLOY_STATE"] = State,
            ["NEURON_RESOURCE_GROUP"] = "neuron-test",
            ["NEURON_RUNNER_SECRET"] = null,
            ["NEURON_SSH_PUBLIC_KEY"] = null,
            ["NEURON_UPLOAD_RETRY_SECONDS"] = "0",
        };
        foreach (var (key, value) in environment)
        {
            env[key] = value;
        }

        return ProcessRunner.RunAsync("bash", [RepoPaths.DeployScript, .. arguments], TimeSpan.FromMinutes(2), env);
    }

    public void Dispose() => dir.Delete(recursive: true);

    private void Write(string name, string script)
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
