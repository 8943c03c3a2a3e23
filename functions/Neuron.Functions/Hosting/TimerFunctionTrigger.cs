namespace Neuron.Functions.Hosting;

/// <summary><c>[TimerTrigger]</c>: an NCRONTAB schedule with seconds (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>).</summary>
public sealed record TimerFunctionTrigger(string Schedule, bool RunOnStartup) : FunctionTrigger;
