using System.Collections.Concurrent;
using System.Reflection;

namespace Neuron.Functions.Hosting;

/// <summary>
/// Local mode's call of a <c>[Function]</c> method, as the worker makes it: a new instance of the function's class
/// from the invocation's services (constructor injection), the trigger and <see cref="CancellationToken"/> bound to
/// the parameters, the returned task awaited.
/// </summary>
public static class LocalInvoker
{
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();

    /// <summary>Invokes <paramref name="function"/>; <paramref name="bind"/> supplies every parameter that is not a <see cref="CancellationToken"/>.</summary>
    public static async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider services, Func<ParameterInfo, object?> bind, CancellationToken cancellationToken)
    {
        var method = function.Method;
        var target = method.IsStatic ? null : Factories.GetOrAdd(function.Type, t => ActivatorUtilities.CreateFactory(t, []))(services, null);
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(CancellationToken) ? cancellationToken : bind(p)).ToArray();
        object? returned;
        try
        {
            returned = method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        switch (returned)
        {
            case Task task:
                await task;
                var result = task.GetType().GetProperty("Result");
                return result is null || result.PropertyType.Name == "VoidTaskResult" ? null : result.GetValue(task);
            default:
                return returned;
        }
    }
}
