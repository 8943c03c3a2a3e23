namespace Neuron.Chaos.Tests;

/// <summary>What became of the runs in flight when one fault hit: a line of the suite's table.</summary>
/// <param name="Accepted">Submissions answered 202.</param>
/// <param name="Completed">Completed with the right output.</param>
/// <param name="Failed">Final otherwise, counted by reason.</param>
/// <param name="Lost">Accepted, then unknown (404) or never final within the bound.</param>
/// <param name="RunTwice">Runs the runner executed to a result more than once.</param>
public sealed record ChaosRow(string Fault, int Accepted, int Completed, IReadOnlyDictionary<string, int> Failed, int Lost, int RunTwice, TimeSpan Drained)
{
    public const string Header = "| fault | accepted | completed | failed (reason) | lost | run twice | all final after |\n|---|---:|---:|---|---:|---:|---:|\n";

    public string Markdown =>
        $"| {Fault} | {Accepted} | {Completed} | {(Failed.Count == 0 ? "0" : string.Join("; ", Failed.Select(f => $"{f.Value}: {f.Key}")))} | {Lost} | {RunTwice} | {Drained.TotalSeconds:0} s |";
}
