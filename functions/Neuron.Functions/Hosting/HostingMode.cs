namespace Neuron.Functions.Hosting;

/// <summary>
/// Under the Functions host (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set) the host owns the triggers and forwards them;
/// otherwise the app runs "local mode" with its own queue listeners and timers.
/// </summary>
public sealed record HostingMode(int? CustomHandlerPort)
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string LocalDefaultUrl = "http://127.0.0.1:7071";

    public bool UnderFunctionsHost => CustomHandlerPort is not null;

    public static HostingMode From(IConfiguration configuration) =>
        new(int.TryParse(configuration[PortVariable], out var port) ? port : null);
}
