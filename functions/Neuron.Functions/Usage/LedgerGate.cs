using Neuron.Functions.Storage;

namespace Neuron.Functions.Usage;

/// <summary>
/// One write at a time per key's ledger (its partition of table <c>usage</c>: the balance, holds and day rows) from
/// this instance, shared by admission's holds (<see cref="Billing.CreditAccounts"/>) and the meter's charges
/// (<see cref="UsageMeter"/>): they all move the balance row under its ETag, and a burst of one key's holds and
/// charges racing for it lost most of their transactions (2.4 charge and 0.65 hold retries per run, each a read or
/// three and a batch). Other instances still may race; the ETag keeps the ledger right.
/// </summary>
public sealed class LedgerGate
{
    private readonly CounterGates _gates = new();

    public Task<T> RunAsync<T>(string keyId, Func<Task<T>> work, CancellationToken cancellationToken) => _gates.RunAsync(keyId, work, cancellationToken);
}
