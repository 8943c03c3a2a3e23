using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neuron.Deploy.Tests.Burst.FakeArm;
using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

/// <summary>The production ArmClient (same factory: api-versions, retry) pointed at a fake ARM over TLS.</summary>
public sealed class ArmClientHarness : IAsyncDisposable
{
    private readonly HttpClient http;

    private ArmClientHarness(FakeArmServer server, BurstOptions options)
    {
        Server = server;
        Options = Microsoft.Extensions.Options.Options.Create(options);
        var thumbprint = server.Certificate.Thumbprint;
        http = new HttpClient(new HttpClientHandler
        {
            // Trust exactly the fake's self-signed certificate, nothing else.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        });
        Arm = BurstArmClientFactory.Create(options, new FakeTokenCredential(), new HttpClientTransport(http));
        Client = new ContainerGroupArmClient(
            Arm,
            Options,
            new ArmConflictRetry(Options, TimeProvider.System, NullLogger<ArmConflictRetry>.Instance),
            NullLogger<ContainerGroupArmClient>.Instance);
    }

    public FakeArmServer Server { get; }

    public IOptions<BurstOptions> Options { get; }

    public Azure.ResourceManager.ArmClient Arm { get; }

    public ContainerGroupArmClient Client { get; }

    public static async Task<ArmClientHarness> StartAsync(Action<BurstOptions>? configure = null)
    {
        var server = await FakeArmServer.StartAsync();
        var options = BurstTestOptions.Create(server.BaseAddress);
        configure?.Invoke(options);
        return new ArmClientHarness(server, options);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Server.DisposeAsync();
    }
}
