using System.Globalization;
using System.Text.RegularExpressions;

namespace Neuron.Runner.Tests.Support;

/// <summary>The agent's warm and cold start counters of one language (/metrics): programs, or compilers.</summary>
public static class StartCounters
{
    public const string Programs = "neuron_runner_program_starts_total";
    public const string Compilers = "neuron_runner_compiler_starts_total";

    public static async Task<(long Warm, long Cold)> ReadAsync(HttpClient client, string metric, string language)
    {
        var text = await client.GetStringAsync("/metrics");
        long Count(string start)
        {
            var match = Regex.Match(text, $"{metric}\\{{language=\"{language}\",start=\"{start}\"\\}} (\\d+)");
            return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }
        return (Count("warm"), Count("cold"));
    }
}
