namespace Neuron.Cost;

/// <summary>
/// One item of a month's bill; <see cref="Fixed"/> items are paid whether or not a run happens. Functions items carry
/// their GB-seconds and executions, which the subscription's monthly free grant may cover.
/// </summary>
public sealed record CostLine(string Item, double Usd, bool Fixed, double GbSeconds = 0, double Executions = 0);
