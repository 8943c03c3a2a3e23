using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Billing;

/// <summary>The prices in force from <see cref="EffectiveFrom"/> until the next list's: interpreted and compiled languages.</summary>
public sealed class PriceList
{
    [Required]
    public DateTimeOffset? EffectiveFrom { get; set; }

    [Required]
    public Price? Interpreted { get; set; }

    /// <summary>Languages the runner compiles (<c>LanguageInfo.Compiled</c>): C, C++, Java, Go, Rust, …</summary>
    [Required]
    public Price? Compiled { get; set; }

    public Price For(bool compiled) => compiled ? Compiled! : Interpreted!;

    /// <summary>The shipped price list (README "Billing"): a typical interpreted run, ~50 ms of CPU, costs 5,000 micro-credits.</summary>
    public static PriceList Default => new()
    {
        EffectiveFrom = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Interpreted = new Price { PerRun = 4_000, PerCpuSecond = 20_000 },
        Compiled = new Price { PerRun = 8_000, PerRunCached = 4_000, PerCpuSecond = 20_000 },
    };
}
