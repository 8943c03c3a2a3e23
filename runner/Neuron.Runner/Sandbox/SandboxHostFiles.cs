namespace Neuron.Runner.Sandbox;

/// <summary>
/// The /etc/hostname, /etc/hosts and /etc/resolv.conf every sandbox gets, one shared read-only copy under the socket
/// root. Docker's own copies live in /var/lib/docker/containers/&lt;id&gt;/, which /proc/self/mountinfo would show (the
/// container id), and its resolv.conf names the host's DNS server; a bound file of our own replaces each of them.
/// </summary>
public static class SandboxHostFiles
{
    public const string Hostname = "sandbox";

    private static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["hostname"] = Hostname + "\n",
        ["hosts"] = $"127.0.0.1\tlocalhost {Hostname}\n::1\tlocalhost ip6-localhost ip6-loopback\n",
        // No network: no name server.
        ["resolv.conf"] = "",
    };

    /// <summary>Writes the files under <paramref name="socketRoot"/> if missing or changed; returns the Docker binds for them.</summary>
    public static IReadOnlyList<string> Binds(string socketRoot)
    {
        var dir = Path.Combine(socketRoot, ".etc");
        Directory.CreateDirectory(dir);
        var binds = new List<string>();
        foreach (var (name, content) in Files)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path) || File.ReadAllText(path) != content)
            {
                // Written aside and renamed: a container starting meanwhile binds either the old file or the new one,
                // whole; a name of its own per writer, since agents and concurrent creations may all write at once.
                var temp = $"{path}.{Guid.NewGuid():N}.tmp";
                File.WriteAllText(temp, content);
                File.Move(temp, path, overwrite: true);
            }
            binds.Add($"{path}:/etc/{name}:ro");
        }
        return binds;
    }
}
