using Neuron.Runner.Languages;

namespace Neuron.Runner.Tests.Support;

/// <summary>The languages.json the runner ships, as copied beside the test assembly: loaded once for every suite.</summary>
public static class ShippedLanguages
{
    public static LanguageCatalog Catalog { get; } = LanguageCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Languages", "languages.json"));

    /// <summary>The shipped language with this id.</summary>
    public static Language Get(string id) => Catalog.All.Single(l => l.Id == id);
}
