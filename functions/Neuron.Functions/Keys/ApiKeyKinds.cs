namespace Neuron.Functions.Keys;

/// <summary>
/// The two kinds of key: <c>secret</c> (<c>sk_…</c>, server to server, refused from browsers) and
/// <c>publishable</c> (<c>pk_…</c>, for browsers, accepted only from the origins on its allow-list).
/// </summary>
public static class ApiKeyKinds
{
    public const string Secret = "secret";
    public const string Publishable = "publishable";

    public static bool IsValid(string? kind) => kind is Secret or Publishable;

    public static string Prefix(string kind) => kind == Secret ? "sk_" : "pk_";
}
