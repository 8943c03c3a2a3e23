using Azure;
using Microsoft.AspNetCore.Http;
using Neuron.Functions.Http;
using Neuron.Functions.Storage;

namespace Neuron.Functions.UnitTests.Storage;

public sealed class StorageFailureTests
{
    private static readonly RequestFailedException Refused = new("Connection refused (127.0.0.1:10002)");
    private static readonly TaskCanceledException TimedOut = new("The operation was cancelled because it exceeded the configured timeout of 0:00:30.");

    [Fact]
    public void RetriesThatEndedInTimeoutsOrRefusals_AreAStorageFailure()
    {
        Assert.True(StorageFailure.Is(Refused));
        Assert.True(StorageFailure.Is(new AggregateException(Refused, Refused)));
        Assert.True(StorageFailure.Is(new AggregateException(TimedOut, TimedOut, TimedOut, TimedOut)));
        Assert.True(StorageFailure.Is(new AggregateException(Refused, TimedOut)));
    }

    [Fact]
    public void OtherFailures_AreNot()
    {
        Assert.False(StorageFailure.Is(new InvalidOperationException("a bug")));
        Assert.False(StorageFailure.Is(TimedOut));
        Assert.False(StorageFailure.Is(new AggregateException(Refused, new InvalidOperationException("a bug"))));
        Assert.False(StorageFailure.Is(new AggregateException()));
    }

    [Fact]
    public void ACancellationTheCallerDidNotAskFor_IsUnavailable_OneItAskedFor_IsNot()
    {
        var waiting = new DefaultHttpContext();
        Assert.True(StorageExceptionHandler.IsUnavailable(waiting, TimedOut));
        Assert.False(StorageExceptionHandler.IsUnavailable(waiting, new InvalidOperationException("a bug")));

        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        var gone = new DefaultHttpContext { RequestAborted = aborted.Token };
        Assert.False(StorageExceptionHandler.IsUnavailable(gone, TimedOut));
        Assert.True(StorageExceptionHandler.IsUnavailable(gone, Refused));
    }
}
