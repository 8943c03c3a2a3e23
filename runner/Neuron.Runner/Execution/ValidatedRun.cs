using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;

namespace Neuron.Runner.Execution;

/// <summary>A request that passed validation, resolved against its language: files, limits and all; <see cref="Tenant"/> as sent.</summary>
public sealed record ValidatedRun(
    Language Language,
    IReadOnlyList<KeyValuePair<string, byte[]>> Files,
    byte[] Stdin,
    IReadOnlyList<string> Args,
    LimitSet Limits,
    string? Tenant = null);
