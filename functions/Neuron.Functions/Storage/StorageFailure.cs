using Azure;

namespace Neuron.Functions.Storage;

public static class StorageFailure
{
    /// <summary>
    /// Storage refused or could not be reached. Azure.Core reports an account it could not reach after its retries as
    /// an <see cref="AggregateException"/> of what each try threw: a <see cref="RequestFailedException"/> for a refused
    /// connection, an <see cref="OperationCanceledException"/> for a try that exceeded the network timeout (a caller's
    /// own cancellation is never retried, so it never arrives aggregated).
    /// </summary>
    public static bool Is(Exception exception) =>
        exception is RequestFailedException
        || exception is AggregateException { InnerExceptions.Count: > 0 } aggregate
            && aggregate.InnerExceptions.All(e => e is RequestFailedException or OperationCanceledException);
}
