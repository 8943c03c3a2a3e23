using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;

namespace Neuron.Runner.Execution;

/// <summary>
/// A request that passed validation, resolved against its language: files, limits and all; <see cref="Tenant"/> as sent.
/// With <see cref="Tests"/> the program runs once per case (and <see cref="Stdin"/> is empty).
/// </summary>
public sealed record ValidatedRun(
    Language Language,
    IReadOnlyList<KeyValuePair<string, byte[]>> Files,
    byte[] Stdin,
    IReadOnlyList<string> Args,
    LimitSet Limits,
    string? Tenant = null,
    IReadOnlyList<ValidatedCase>? Tests = null,
    bool StopOnFirstFailure = false);

/// <summary>One test case, resolved: its stdin as bytes.</summary>
public sealed record ValidatedCase(string? Name, byte[] Stdin, string? ExpectedOutput);
