namespace Neuron.Deploy.Tests.Burst.FakeArm;

/// <summary>A response the fake returns once, instead of its normal behaviour, to the first matching request.</summary>
public sealed record ScriptedFault(string Method, string PathContains, int Status, string ErrorCode, IReadOnlyDictionary<string, string> Headers);
