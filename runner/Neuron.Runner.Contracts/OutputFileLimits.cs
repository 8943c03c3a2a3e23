namespace Neuron.Runner.Contracts;

/// <summary>
/// What a run may hand back from its output folder: the first <see cref="MaxFiles"/> regular files by name, at most
/// <see cref="MaxBytes"/> together. The files live in the sandbox's <c>/work</c> tmpfs while it runs, so their bytes
/// count against the run's memory limit and file-size limit like any file it writes. Their media types are one of
/// <see cref="MediaTypes"/>.
/// </summary>
public static class OutputFileLimits
{
    public const int MaxFiles = 8;
    public const int MaxBytes = 2 * 1024 * 1024;
    /// <summary>Omitted entries a result names; it counts the rest (<see cref="ExecuteResult.OmittedOutputFileCount"/>).</summary>
    public const int MaxOmittedListed = 16;

    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string Svg = "image/svg+xml";
    public const string Csv = "text/csv";
    public const string Text = "text/plain";
    public const string Json = "application/json";
    /// <summary>Anything else: an opaque download.</summary>
    public const string Binary = "application/octet-stream";

    public static readonly IReadOnlyList<string> MediaTypes = [Png, Jpeg, Gif, Svg, Csv, Text, Json, Binary];

    /// <summary>Shown inline as an <c>&lt;img&gt;</c> (SVG too: never inlined into a page); everything else is a download.</summary>
    public static bool IsImage(string mediaType) => mediaType is Png or Jpeg or Gif or Svg;
}
