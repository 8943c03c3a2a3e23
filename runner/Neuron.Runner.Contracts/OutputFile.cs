namespace Neuron.Runner.Contracts;

/// <summary>
/// A file the program wrote to its output folder (<c>out/</c> in its working directory, <c>$NEURON_OUT</c>) and the
/// runner returns: its plain name, its size in bytes, the media type sniffed from its content (never from its name:
/// <see cref="OutputFileLimits.MediaTypes"/>) and its bytes (base64 in JSON).
/// </summary>
public sealed record OutputFile(string Name, long Size, string MediaType, byte[] Content);
