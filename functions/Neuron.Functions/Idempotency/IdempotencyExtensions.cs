namespace Neuron.Functions.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>Idempotency-Key replays of submissions.</summary>
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<IdempotencyOptions>(IdempotencyOptions.Section);
        builder.Services.AddSingleton<IdempotencyStore>();
        return builder;
    }
}
