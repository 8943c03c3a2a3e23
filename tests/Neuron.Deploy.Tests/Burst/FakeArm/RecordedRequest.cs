namespace Neuron.Deploy.Tests.Burst.FakeArm;

/// <summary>One request the fake ARM server received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, string? Authorization, DateTimeOffset At)
{
    public override string ToString() => $"{Method} {Path}{Query}";
}
