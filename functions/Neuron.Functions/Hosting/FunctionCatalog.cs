using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Neuron.Functions.Hosting;

/// <summary>
/// The app's functions, found the way the worker SDK finds them for <c>functions.metadata</c>: every public method
/// with <see cref="FunctionAttribute"/> and one trigger parameter. Local mode serves and triggers exactly these, so
/// there is no second list to keep in step.
/// </summary>
public sealed class FunctionCatalog
{
    private readonly Dictionary<string, FunctionDescriptor> _byName;

    public FunctionCatalog(IEnumerable<FunctionDescriptor> functions)
    {
        All = functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        _byName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<FunctionDescriptor> All { get; }

    public IEnumerable<(FunctionDescriptor Function, HttpFunctionTrigger Trigger)> Http =>
        All.Where(f => f.Trigger is HttpFunctionTrigger).Select(f => (f, (HttpFunctionTrigger)f.Trigger));

    public IEnumerable<(FunctionDescriptor Function, QueueFunctionTrigger Trigger)> Queues =>
        All.Where(f => f.Trigger is QueueFunctionTrigger).Select(f => (f, (QueueFunctionTrigger)f.Trigger));

    public IEnumerable<(FunctionDescriptor Function, TimerFunctionTrigger Trigger)> Timers =>
        All.Where(f => f.Trigger is TimerFunctionTrigger).Select(f => (f, (TimerFunctionTrigger)f.Trigger));

    public FunctionDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>This app's functions.</summary>
    public static FunctionCatalog Discover() => Discover(typeof(FunctionCatalog).Assembly);

    public static FunctionCatalog Discover(Assembly assembly) => new(
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        select new FunctionDescriptor(function.Name, method, TriggerOf(method)));

    private static FunctionTrigger TriggerOf(MethodInfo method)
    {
        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes())
            .Select(a => a switch
            {
                HttpTriggerAttribute http => new HttpFunctionTrigger(http.Route ?? "", (http.Methods ?? []).Select(m => m.ToLowerInvariant()).ToList()),
                QueueTriggerAttribute queue => new QueueFunctionTrigger(queue.QueueName, queue.Connection ?? "AzureWebJobsStorage"),
                TimerTriggerAttribute timer => new TimerFunctionTrigger(timer.Schedule, timer.RunOnStartup),
                _ => (FunctionTrigger?)null,
            })
            .OfType<FunctionTrigger>()
            .ToList();
        return triggers.Count == 1
            ? triggers[0]
            : throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} must have exactly one trigger parameter, not {triggers.Count}.");
    }
}
