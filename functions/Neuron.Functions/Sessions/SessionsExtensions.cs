namespace Neuron.Functions.Sessions;

public static class SessionsExtensions
{
    /// <summary>One active run per client session, with a cooldown.</summary>
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RunSessionOptions>(RunSessionOptions.Section);
        builder.Services.AddSingleton<SessionGate>();
        return builder;
    }
}
