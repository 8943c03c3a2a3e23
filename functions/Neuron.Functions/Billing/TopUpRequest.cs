namespace Neuron.Functions.Billing;

/// <summary>The body of <c>POST /api/admin/keys/{id}/credits</c>: micro-credits to add, and/or a new low-balance threshold.</summary>
public sealed record TopUpRequest(long? MicroCredits = null, long? LowBalanceMicroCredits = null);
