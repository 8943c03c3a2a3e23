namespace Neuron.Functions.Hosting;

/// <summary>
/// Under the Functions host the worker is started with the host's gRPC address (<c>--functions-uri</c>, or
/// <c>Functions:Worker:HostEndpoint</c> in configuration) and the host owns routing and triggers; otherwise the
/// same executable runs "local mode": a plain ASP.NET Core app with its own queue listeners and timers.
/// </summary>
public static class HostingMode
{
    public const string HostEndpointArgument = "--functions-uri";
    public const string HostEndpointVariable = "Functions__Worker__HostEndpoint";
    public const string LocalDefaultUrl = "http://127.0.0.1:7071";

    public static bool UnderFunctionsHost(string[] args) =>
        args.Any(a => a.Equals(HostEndpointArgument, StringComparison.OrdinalIgnoreCase) || a.StartsWith(HostEndpointArgument + "=", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(HostEndpointVariable));
}
