namespace Neuron.Runner.Security;

/// <summary>The request body whose signature <see cref="SignatureMiddleware"/> verified.</summary>
public sealed record SignedBody(byte[] Bytes);
