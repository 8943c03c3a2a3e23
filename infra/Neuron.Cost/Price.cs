namespace Neuron.Cost;

/// <summary>One list price, with where it comes from and when it was read; <see cref="Estimate"/> when not read off a price page.</summary>
public sealed record Price(double Usd, string Unit, string Source, string Date, bool Estimate);
