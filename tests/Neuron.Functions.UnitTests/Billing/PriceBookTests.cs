using Microsoft.Extensions.Options;
using Neuron.Functions.Billing;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Billing;

public sealed class PriceBookTests
{
    private static readonly DateTimeOffset Change = new(2026, 12, 15, 12, 0, 0, TimeSpan.Zero);

    private static BillingOptions TwoLists() => new()
    {
        Prices =
        [
            new PriceList
            {
                EffectiveFrom = Change,
                Interpreted = new Price { PerRun = 2_000, PerCpuSecond = 30_000 },
                Compiled = new Price { PerRun = 9_000, PerRunCached = 3_000, PerCpuSecond = 30_000 },
            },
            new PriceList
            {
                EffectiveFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                Interpreted = new Price { PerRun = 1_000, PerCpuSecond = 7 },
                Compiled = new Price { PerRun = 5_000, PerCpuSecond = 7 },
            },
        ],
    };

    [Fact]
    public void ARun_IsPricedByTheListInForceWhenItWasAccepted()
    {
        var book = new PriceBook(Options.Create(TwoLists()));

        Assert.Equal(1_000 + 1, book.ChargeFor(false, false, 100, Verdicts.Ok, Change.AddTicks(-1)));   // 100 ms × 7/s = 0.7, rounded up
        Assert.Equal(2_000 + 3_000, book.ChargeFor(false, false, 100, Verdicts.Ok, Change));
        Assert.Equal(5_000, book.HoldFor(true, Change.AddDays(-1)));
        Assert.Equal(9_000, book.HoldFor(true, Change.AddDays(1)));
        // Before every list: the earliest one.
        Assert.Equal(1_000, book.HoldFor(false, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ACompileCacheHit_CostsLess_OnlyForCompiledLanguages_AndInternalErrorsAreFree()
    {
        var book = new PriceBook(Options.Create(TwoLists()));
        var after = Change.AddHours(1);

        Assert.Equal(3_000 + 60, book.ChargeFor(true, true, 2, Verdicts.Ok, after));
        Assert.Equal(9_000 + 60, book.ChargeFor(true, false, 2, Verdicts.Ok, after));
        Assert.Equal(2_000 + 60, book.ChargeFor(false, true, 2, Verdicts.CompileError, after));
        Assert.Equal(0, book.ChargeFor(true, false, 500, Verdicts.InternalError, after));
        // Without a cached price, a hit pays the base price.
        Assert.Equal(5_000, book.ChargeFor(true, true, 0, Verdicts.Ok, Change.AddDays(-1)));
    }

    [Fact]
    public void TheShippedPrices_Make200TypicalRunsTheFreeCredits()
    {
        var options = new BillingOptions();
        var book = new PriceBook(Options.Create(options));
        var typical = book.ChargeFor(false, false, 50, Verdicts.Ok, DateTimeOffset.UtcNow);

        Assert.Equal(5_000, typical);
        Assert.Equal(200 * typical, options.FreeMicroCredits);
        Assert.Equal(Credits.Micro, options.FreeMicroCredits);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1_000_000, "1")]
    [InlineData(12_500_000, "12.5")]
    [InlineData(-4_000, "-0.004")]
    [InlineData(1, "0.000001")]
    [InlineData(long.MinValue, "-9223372036854.775808")]
    public void Credits_AreFormattedExactly(long microCredits, string text) => Assert.Equal(text, Credits.Format(microCredits));

    [Fact]
    public void Validator_RefusesACachedPriceAboveTheBase_TwoListsOnOneDate_AndNegativePrices()
    {
        var validator = new BillingOptionsValidator();
        Assert.True(validator.Validate(null, TwoLists()).Succeeded);
        Assert.True(validator.Validate(null, new BillingOptions()).Succeeded);

        var dearCache = TwoLists();
        dearCache.Prices[0].Compiled!.PerRunCached = 10_000;
        Assert.Contains("PerRunCached", validator.Validate(null, dearCache).FailureMessage);

        var sameDate = TwoLists();
        sameDate.Prices[1].EffectiveFrom = Change;
        Assert.Contains("share an EffectiveFrom", validator.Validate(null, sameDate).FailureMessage);

        var negative = TwoLists();
        negative.Prices[1].Interpreted!.PerCpuSecond = -1;
        Assert.False(validator.Validate(null, negative).Succeeded);

        var missing = TwoLists();
        missing.Prices[0].Compiled = null;
        Assert.Contains("needs EffectiveFrom, Interpreted and Compiled", validator.Validate(null, missing).FailureMessage);
    }
}
