using Azure;

namespace Neuron.Functions.Storage;

public static class StorageFailure
{
    /// <summary>
    /// Storage refused or could not be reached. Azure.Core reports an account it could not reach after its retries as
    /// an <see cref="AggregateException"/> of <see cref="RequestFailedException"/>s.
    /// </summary>
    public static bool Is(Exception exception) =>
        exception is RequestFailedException or AggregateException { InnerException: RequestFailedException };
}
