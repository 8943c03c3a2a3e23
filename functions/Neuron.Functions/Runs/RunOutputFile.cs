using System.Text.Json.Serialization;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// A file the run's program wrote to its output folder, as the run document lists it: its name, size and the media
/// type the runner sniffed from its content (<see cref="OutputFileLimits.MediaTypes"/>). Its bytes are fetched apart
/// (<c>GET /api/runs/{id}/files/{name}</c>: <see cref="RunFilesApi"/>) from the run-data blob <see cref="BlobName"/>.
/// </summary>
public sealed record RunOutputFile
{
    public required string Name { get; init; }
    public required long Size { get; init; }
    public required string MediaType { get; init; }

    /// <summary>The bytes, only between the runner's answer and <see cref="RunStore"/>, which writes them to the blob before the row.</summary>
    [JsonIgnore]
    public byte[]? Content { get; init; }

    public static string BlobName(string runId, string name) => $"{runId}/files/{name}";

    public static RunOutputFile From(OutputFile file) => new() { Name = file.Name, Size = file.Size, MediaType = file.MediaType, Content = file.Content };
}
