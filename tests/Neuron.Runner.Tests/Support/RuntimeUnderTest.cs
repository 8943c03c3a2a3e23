using Docker.DotNet;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Tests.Support;

/// <summary>
/// The axis of the test matrix over runtimes: every runner fixture starts its sandboxes under the runtime named by
/// NEURON_TEST_RUNTIME (runc when unset; infra/test runs the suite once per runtime). A runtime dockerd does not know
/// is a failure, never a skip.
/// </summary>
public static class RuntimeUnderTest
{
    public const string Variable = "NEURON_TEST_RUNTIME";

    public static SandboxRuntime Current { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    public static bool IsGvisor => Current == SandboxRuntime.Runsc;

    public static string Name => Current.Name();

    public static SandboxRuntime Parse(string? value) => value switch
    {
        null or "" or "runc" => SandboxRuntime.Runc,
        "runsc" => SandboxRuntime.Runsc,
        _ => throw new InvalidOperationException($"{Variable}={value}: expected runc or runsc"),
    };

    public static async Task RequireRegisteredAsync(DockerClient docker)
    {
        var info = await docker.System.GetSystemInfoAsync();
        if (!info.Runtimes.ContainsKey(Name))
            throw new InvalidOperationException(
                $"{Variable}={Name}, but dockerd has no such runtime ({string.Join(", ", info.Runtimes.Keys)}): run infra/register-runsc as root (infra/test does)");
    }
}
