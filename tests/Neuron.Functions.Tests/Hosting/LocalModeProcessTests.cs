using System.Net;
using System.Net.Http.Json;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Hosting;

/// <summary>The app as a plain process (`dotnet Neuron.Functions.dll`), the way end-to-end tests and developers run it.</summary>
public sealed class LocalModeProcessTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task AppStartedAsAProcess_RunsLocalMode_AndCompletesARun()
    {
        await using var runner = await StubRunner.StartAsync();
        var dll = Path.Combine(RepoRoot.Path, "functions", "Neuron.Functions", "bin", Configuration, "net10.0", "Neuron.Functions.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var url = new Uri($"http://127.0.0.1:{AzuriteProcess.FreePort()}");

        using var app = await AppProcess.StartAsync(dll, url, new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.ConnectionStringAsync(),
            ["Storage__NamePrefix"] = FunctionsApp.NewPrefix(),
            ["Runner__Url"] = runner.Url.ToString(),
            ["Runner__Secret"] = StubRunner.Secret,
        }, TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(15) };
        var response = await http.PostAsync("/api/runs?wait=10", Client.JsonBody(Client.Python(stdin: "process\n")));
        var run = await response.Content.ReadFromJsonAsync<RunDocument>(Client.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RunStatus.Completed, run!.Status);
        Assert.Equal("process\n", run.Stdout);
    }
}
