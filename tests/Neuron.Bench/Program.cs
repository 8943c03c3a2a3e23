using Neuron.Bench;

// dotnet run -c Release --project tests/Neuron.Bench -- runner [output.json]
var command = args.FirstOrDefault() ?? "runner";
var output = args.Length > 1 ? args[1] : Path.Combine(Repo.Root, "artifacts", "bench", $"{command}.json");
return command switch
{
    "runner" => await RunnerBenchmark.RunAsync(output),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Neuron.Bench runner [output.json]");
    return 2;
}
