using Neuron.Testing;

namespace Neuron.Runner.Tests.Support;

/// <summary>
/// A shell script run in a fresh container of a sandbox image, without the launcher or the agent (no network, the
/// default sandbox uid, a /work tmpfs, the environment the launcher gives programs): for checking what the image itself does, e.g. which headers GCC precompiled.
/// </summary>
public static class ImageShell
{
    /// <summary>Writes <paramref name="files"/> to /work, then runs <paramref name="script"/> there; stdout and stderr merged.</summary>
    public static async Task<ProcessRunner.Result> RunAsync(string image, string script, IReadOnlyDictionary<string, string>? files = null)
    {
        var writes = string.Concat((files ?? new Dictionary<string, string>()).Select(f =>
            $"printf '%s' '{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(f.Value))}' | base64 -d > {Quote(f.Key)} && "));
        var result = await ProcessRunner.RunAsync("docker",
            ["run", "--rm", "--network", "none", "--user", "10001", "--tmpfs", "/work:rw,exec,size=64m,uid=10001,gid=10001,mode=0700",
             "--memory", "1g", "--workdir", "/work", "--env", "LANG=C.UTF-8", "--env", "HOME=/work", "--env", "TMPDIR=/tmp", "--entrypoint", "sh", image, "-c", writes + "exec 2>&1; " + script],
            TimeSpan.FromMinutes(10));
        return result;
    }

    public static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Command(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));
}
