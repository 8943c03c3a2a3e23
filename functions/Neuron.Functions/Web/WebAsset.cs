namespace Neuron.Functions.Web;

/// <summary>One file the app serves to browsers, read once from the assembly, with its strong ETag.</summary>
public sealed record WebAsset(string Name, string ContentType, string CacheControl, byte[] Content, string ETag);
