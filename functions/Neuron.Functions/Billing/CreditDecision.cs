namespace Neuron.Functions.Billing;

/// <summary>
/// Whether a run's hold was taken: the micro-credits its key had available for new runs (balance less holds) and what
/// the run needed. <see cref="Contended"/>: the balance kept changing under this request (refused, to retry).
/// </summary>
public sealed record CreditDecision(bool Allowed, long AvailableMicroCredits, long RequiredMicroCredits, bool Contended = false);
