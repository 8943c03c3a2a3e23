namespace Neuron.Functions.Tests.Support;

/// <summary>The app as a plain process in local mode (`dotnet Neuron.Functions.dll`) on a fresh prefix, with the test admin key.</summary>
public static class AppProcess
{
    public static async Task<(ServiceProcess Process, Uri Url)> StartAsync(StubRunner runner)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var process = ServiceProcess.StartDotnet("functions", RepoRoot.Built("functions/Neuron.Functions", "Neuron.Functions.dll"), url.ToString(),
            new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = await SharedAzurite.ConnectionStringAsync(),
                ["Storage__NamePrefix"] = FunctionsApp.NewPrefix(),
                ["Runner__Url"] = runner.Url.ToString(),
                ["Runner__Secret"] = StubRunner.Secret,
                ["Keys__AdminKey"] = FunctionsApp.AdminKey,
            });
        try
        {
            await process.WaitHealthyAsync(new Uri(url, "/api/health"), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return (process, url);
    }
}
