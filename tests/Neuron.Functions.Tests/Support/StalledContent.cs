using System.Net;

namespace Neuron.Functions.Tests.Support;

/// <summary>
/// A request body that declares <see cref="Length"/> bytes, sends the first kilobyte and then stalls until
/// <see cref="Release"/> (then fails): a server that answers while it is stalled answered without reading the body.
/// </summary>
public sealed class StalledContent : HttpContent
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StalledContent(long length)
    {
        Length = length;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    public long Length { get; }

    public void Release() => _released.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(new byte[1024]);
        await stream.FlushAsync();
        await _released.Task;
        throw new IOException("The stalled body was given up.");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }
}
