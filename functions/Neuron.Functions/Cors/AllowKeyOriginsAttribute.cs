namespace Neuron.Functions.Cors;

/// <summary>
/// On a public function (no key): its response carries <c>Access-Control-Allow-Origin</c> for any origin on the
/// allow-list of an unrevoked publishable key (<see cref="CorsPolicy.AllowKeyOriginsAsync"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowKeyOriginsAttribute : Attribute;
