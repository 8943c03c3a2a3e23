using Microsoft.Extensions.Options;

namespace Neuron.Runner.Execution;

/// <summary>
/// Fair share of a language's sandboxes between tenants (the API keys runs are paid by). While another tenant has
/// asked for the same language within <see cref="RunnerOptions.FairShareWindow"/>, a tenant may hold at most all but
/// one of the language's sandboxes, so a flood of one key always leaves a sandbox for the next key's run instead of
/// queueing it behind the flood. A tenant alone may use them all (nothing is reserved for nobody). Requests without
/// a tenant (direct callers of the runner) are not counted.
/// </summary>
public sealed class TenantShares(TimeProvider time, IOptions<RunnerOptions> options)
{
    private readonly TimeSpan _window = options.Value.FairShareWindow;
    private readonly Dictionary<string, LanguageShares> _languages = [];

    /// <summary>Waits until <paramref name="tenant"/> may take one more of <paramref name="language"/>'s <paramref name="capacity"/> sandboxes.</summary>
    public async Task<Share> EnterAsync(string language, string? tenant, int capacity, CancellationToken cancellationToken)
    {
        if (tenant is null)
            return Share.None;
        LanguageShares shares;
        lock (_languages)
        {
            if (!_languages.TryGetValue(language, out shares!))
                _languages[language] = shares = new LanguageShares();
        }
        while (true)
        {
            Task changed;
            lock (shares)
            {
                var now = time.GetUtcNow();
                shares.LastSeen[tenant] = now;
                foreach (var quiet in shares.LastSeen.Where(p => now - p.Value > _window).Select(p => p.Key).ToList())
                    shares.LastSeen.Remove(quiet);
                var cap = shares.LastSeen.Count > 1 ? Math.Max(1, capacity - 1) : int.MaxValue;
                var held = shares.Held.GetValueOrDefault(tenant);
                if (held < cap)
                {
                    shares.Held[tenant] = held + 1;
                    return new Share(shares, tenant);
                }
                changed = shares.Changed.Task;
            }
            // Another tenant's release, or the other tenants going quiet, may let this one in.
            using var quietAfter = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(changed, Task.Delay(_window, time, quietAfter.Token));
            await quietAfter.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    internal sealed class LanguageShares
    {
        public Dictionary<string, int> Held { get; } = [];
        public Dictionary<string, DateTimeOffset> LastSeen { get; } = [];
        public TaskCompletionSource Changed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One sandbox held by a tenant; disposing gives it back (once).</summary>
    public sealed class Share : IDisposable
    {
        public static readonly Share None = new(null, null);
        private readonly LanguageShares? _shares;
        private readonly string? _tenant;
        private int _disposed;

        internal Share(LanguageShares? shares, string? tenant)
        {
            _shares = shares;
            _tenant = tenant;
        }

        public void Dispose()
        {
            if (_shares is null || Interlocked.Exchange(ref _disposed, 1) == 1)
                return;
            TaskCompletionSource changed;
            lock (_shares)
            {
                var held = _shares.Held[_tenant!] - 1;
                if (held == 0)
                    _shares.Held.Remove(_tenant!);
                else
                    _shares.Held[_tenant!] = held;
                changed = _shares.Changed;
                _shares.Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            changed.TrySetResult();
        }
    }
}
