namespace Neuron.Functions.Tests.Support;

/// <summary>The one Azurite of a test run: started on first use, killed when the test process exits.</summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(async () =>
    {
        var azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(60));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Dispose();
        return azurite;
    });

    public static async Task<string> ConnectionStringAsync() => (await Instance.Value).ConnectionString;
}
