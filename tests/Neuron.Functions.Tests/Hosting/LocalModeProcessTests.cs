using System.Net;
using System.Net.Http.Json;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Hosting;

/// <summary>The app as a plain process (`dotnet Neuron.Functions.dll`), the way end-to-end tests and developers run it.</summary>
public sealed class LocalModeProcessTests
{
    [Fact]
    public async Task AppStartedAsAProcess_RunsLocalMode_AndCompletesARun()
    {
        await using var runner = await StubRunner.StartAsync();
        var (app, url) = await AppProcess.StartAsync(runner);
        await using var _ = app;
        var key = await AdminApi.CreateKeyAsync(url, FunctionsApp.AdminKey, "secret", []);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var response = await http.PostAsync("/api/runs?wait=10", Client.JsonBody(Client.Python(stdin: "process\n")));
        var run = await response.Content.ReadFromJsonAsync<RunDocument>(Client.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RunStatus.Completed, run!.Status);
        Assert.Equal("process\n", run.Stdout);
    }
}
