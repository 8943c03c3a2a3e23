namespace Neuron.Functions.Hosting;

/// <summary>What starts a function.</summary>
public abstract record FunctionTrigger;
