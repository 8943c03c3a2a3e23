using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Neuron.Runner.Languages;

namespace Neuron.Runner.Execution;

/// <summary>
/// Compiled artifacts by content: language, image (hence compiler version), compiler flags and every source file.
/// Kept in the agent's memory, which sandboxed code cannot reach; least recently used entries go first.
/// </summary>
public sealed class CompileCache(IOptions<RunnerOptions> options)
{
    private readonly long _capacity = options.Value.CompileCacheMb * 1024L * 1024L;
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();
    private long _bytes;

    public bool Enabled => _capacity > 0;

    public static string Key(Language language, string imageId, IReadOnlyList<KeyValuePair<string, byte[]>> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }
        Add(language.Id);
        Add(imageId);
        foreach (var arg in language.Compile ?? [])
            Add(arg);
        foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Add(name);
            Add(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            hash.AppendData(content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public bool TryGet(string key, out IReadOnlyList<KeyValuePair<string, byte[]>> artifacts)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                artifacts = node.Value.Artifacts;
                return true;
            }
        }
        artifacts = [];
        return false;
    }

    public void Put(string key, IReadOnlyList<KeyValuePair<string, byte[]>> artifacts)
    {
        var size = artifacts.Sum(a => (long)a.Value.Length + a.Key.Length);
        if (size > _capacity / 4 || artifacts.Count == 0)
            return;
        lock (_lock)
        {
            if (_entries.ContainsKey(key))
                return;
            while (_bytes + size > _capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Size;
            }
            _entries[key] = _recency.AddFirst(new Entry(key, artifacts, size));
            _bytes += size;
        }
    }

    private sealed record Entry(string Key, IReadOnlyList<KeyValuePair<string, byte[]>> Artifacts, long Size);
}
