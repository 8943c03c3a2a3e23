using System.Text.RegularExpressions;

namespace Neuron.Functions.UnitTests.Architecture;

/// <summary>
/// Dependencies between the app's feature namespaces (<c>Neuron.Functions.X</c>, one per folder) point one way. Read
/// from the sources: <c>using Neuron.Functions.X;</c>, fully qualified <c>Neuron.Functions.X.Y</c> and, since every file
/// lives under <c>Neuron.Functions</c>, partly qualified <c>X.Y</c> for a known X. The root namespace (the composition
/// root and the JSON context) is left out: it depends on every feature by design.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    [Fact]
    public void FeatureNamespaces_HaveNoDependencyCycle()
    {
        var graph = DependencyGraph.Of(AppSources.All);

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void CycleFinder_ReportsACycle_WithTheFilesBehindEachEdge()
    {
        AppSources.Source File(string path, string ns, string code) => new(path, $"{AppSources.RootNamespace}.{ns}", code);
        var graph = DependencyGraph.Of(
        [
            File("A/One.cs", "A", "using Neuron.Functions.B;\nnamespace Neuron.Functions.A;"),
            File("B/Two.cs", "B", "namespace Neuron.Functions.B; class Two { C.Three? x; }"),
            File("C/Three.cs", "C", "namespace Neuron.Functions.C; class Three { Neuron.Functions.A.One? y; }"),
            File("D/Four.cs", "D", "using Neuron.Functions.A;\nnamespace Neuron.Functions.D;"),
        ]);

        var cycle = Assert.Single(graph.Cycles());

        Assert.Equal(["A", "B", "C"], cycle.Members);
        Assert.Equal(["A", "B", "C", "A"], cycle.Path);
        Assert.Equal("{A, B, C}: A -> B (A/One.cs) -> C (B/Two.cs) -> A (C/Three.cs)", graph.Describe(cycle));
    }

    /// <summary>Feature namespace → the feature namespaces it uses, with the files that use each.</summary>
    private sealed partial class DependencyGraph
    {
        private readonly SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

        public static DependencyGraph Of(IReadOnlyList<AppSources.Source> sources)
        {
            var prefix = AppSources.RootNamespace + ".";
            var features = sources.Where(s => s.Namespace.StartsWith(prefix, StringComparison.Ordinal))
                .Select(s => Feature(s.Namespace)).ToHashSet(StringComparer.Ordinal);
            var graph = new DependencyGraph();
            foreach (var source in sources.Where(s => s.Namespace.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var from = Feature(source.Namespace);
                graph._edges.TryAdd(from, new(StringComparer.Ordinal));
                var qualified = Qualified().Matches(source.Code).Select(m => m.Groups[1].Value);
                var partly = PartlyQualified().Matches(source.Code).Select(m => m.Groups[1].Value).Where(features.Contains);
                foreach (var to in qualified.Concat(partly).Where(to => to != from))
                {
                    if (!graph._edges[from].TryGetValue(to, out var files))
                        graph._edges[from][to] = files = new(StringComparer.Ordinal);
                    files.Add(source.RelativePath);
                }
            }
            return graph;
        }

        private static string Feature(string ns) => ns[(AppSources.RootNamespace.Length + 1)..].Split('.')[0];

        /// <summary>Namespaces that all reach each other, and one shortest cycle among them (its first node repeated last).</summary>
        public sealed record Cycle(string[] Members, string[] Path);

        /// <summary>One cycle per strongly connected component of more than one namespace.</summary>
        public List<Cycle> Cycles()
        {
            var cycles = new List<Cycle>();
            foreach (var component in StronglyConnected().Where(c => c.Count > 1))
            {
                var start = component.Min(StringComparer.Ordinal)!;
                cycles.Add(new Cycle([.. component.Order(StringComparer.Ordinal)], [.. PathWithin(component, start, start)!, start]));
            }
            return cycles;
        }

        public string Describe(Cycle cycle) => $"{{{string.Join(", ", cycle.Members)}}}: " + cycle.Path[0] +
            string.Concat(cycle.Path.Zip(cycle.Path.Skip(1), (from, to) => $" -> {to} ({string.Join(", ", _edges[from][to])})"));

        private IEnumerable<string> Next(string node) =>
            _edges.TryGetValue(node, out var to) ? to.Keys : [];

        /// <summary>A shortest path from <paramref name="from"/> back to <paramref name="to"/> inside the component (breadth first).</summary>
        private List<string>? PathWithin(HashSet<string> component, string from, string to)
        {
            var previous = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>([from]);
            while (queue.TryDequeue(out var node))
            {
                foreach (var next in Next(node).Where(component.Contains))
                {
                    if (next == to)
                    {
                        var path = new List<string> { node };
                        while (path[0] != from)
                            path.Insert(0, previous[path[0]]);
                        return path;
                    }
                    if (next != from && previous.TryAdd(next, node))
                        queue.Enqueue(next);
                }
            }
            return null;
        }

        /// <summary>Tarjan's algorithm.</summary>
        private List<HashSet<string>> StronglyConnected()
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var low = new Dictionary<string, int>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            var onStack = new HashSet<string>(StringComparer.Ordinal);
            var components = new List<HashSet<string>>();

            void Visit(string node)
            {
                index[node] = low[node] = index.Count;
                stack.Push(node);
                onStack.Add(node);
                foreach (var next in Next(node))
                {
                    if (!index.ContainsKey(next))
                    {
                        Visit(next);
                        low[node] = Math.Min(low[node], low[next]);
                    }
                    else if (onStack.Contains(next))
                    {
                        low[node] = Math.Min(low[node], index[next]);
                    }
                }
                if (low[node] != index[node])
                    return;
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                } while (member != node);
                components.Add(component);
            }

            foreach (var node in _edges.Keys.ToList())
            {
                if (!index.ContainsKey(node))
                    Visit(node);
            }
            return components;
        }

        // using Neuron.Functions.X; using static / alias forms, global::, and any Neuron.Functions.X.Y in code.
        [GeneratedRegex(@"(?<![\w.])(?:global::)?Neuron\.Functions\.([A-Z]\w*)\b(?=\s*[;.])")]
        private static partial Regex Qualified();

        // X.Y where X is not itself a member access (e.g. Keys.ApiKey from inside Neuron.Functions.Runs).
        [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.[A-Z]")]
        private static partial Regex PartlyQualified();
    }
}
