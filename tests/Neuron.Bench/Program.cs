using Neuron.Bench;

// infra/bench runner|e2e|burst|fairness|cold|cases|languages|compile|runtimes  (= dotnet run -c Release --project tests/Neuron.Bench -- <name> [output.json])
var command = args.FirstOrDefault() ?? "runner";
var output = args.Length > 1 ? args[1] : Path.Combine(Neuron.Testing.RepoRoot.Path, "artifacts", "bench", $"{command}.json");
return command switch
{
    "runner" => await RunnerBenchmark.RunAsync(output),
    "e2e" => await EndToEndBenchmark.RunAsync(output),
    "burst" => await EndToEndBenchmark.RunAsync(output, latency: false),
    "fairness" => await FairShareBenchmark.RunAsync(output),
    "cold" => await ColdStartBenchmark.RunAsync(output, rounds: 3),
    "cases" => await TestCasesBenchmark.RunAsync(output),
    "languages" => await LanguagesBenchmark.RunAsync(output),
    "compile" => await CompileBenchmark.RunAsync(output),
    "runtimes" => await RuntimesBenchmark.RunAsync(output),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Neuron.Bench runner|e2e|burst|fairness|cold|cases|languages|compile|runtimes [output.json]");
    return 2;
}
