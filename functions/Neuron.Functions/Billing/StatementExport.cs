namespace Neuron.Functions.Billing;

/// <summary>The admin export of a month: every key's statement.</summary>
public sealed record StatementExport(string Month, IReadOnlyList<Statement> Statements);
