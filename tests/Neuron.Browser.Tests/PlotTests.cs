using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Neuron.Browser.Tests;

/// <summary>
/// A matplotlib figure a run saved to out/ appears as a picture, in the widget and in the playground: fetched with the
/// run's key and shown as an &lt;img&gt; from a data: URL. How long the run and the picture took is kept beside the
/// screenshots (artifacts/browser/plot-timings.txt), for the README; nothing here asserts on time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PlotTests
{
    private static readonly string TimingsFile = Path.Combine(BrowserFixture.ScreenshotFolder, "plot-timings.txt");

    private readonly BrowserFixture _fixture;

    public PlotTests(BrowserFixture fixture)
    {
        _fixture = fixture;
        SetDefaultExpectTimeout(60_000);
    }

    /// <summary>Clicks run, waits for the verdict, then for the picture to be decoded; returns both waits and the picture's size.</summary>
    private static async Task<(TimeSpan Run, TimeSpan Picture, int[] Size)> RunUntilPictureAsync(ILocator run, ILocator verdict, ILocator picture)
    {
        var clicked = Stopwatch.StartNew();
        await run.ClickAsync();
        await Expect(verdict).ToHaveAttributeAsync("data-verdict", "ok");
        var ran = clicked.Elapsed;
        await Expect(picture).ToHaveAttributeAsync("alt", "plot.png");
        await picture.EvaluateAsync("img => img.decode()");
        var shown = clicked.Elapsed - ran;
        return (ran, shown, await picture.EvaluateAsync<int[]>("img => [img.naturalWidth, img.naturalHeight]"));
    }

    private static async Task RecordAsync(string where, (TimeSpan Run, TimeSpan Picture, int[] Size) timing) =>
        await File.AppendAllTextAsync(TimingsFile,
            $"{DateTime.UtcNow:O} {where}: click to verdict {timing.Run.TotalMilliseconds:0} ms, verdict to decoded picture {timing.Picture.TotalMilliseconds:0} ms ({timing.Size[0]}×{timing.Size[1]})\n");

    [Fact]
    public async Task MatplotlibPlot_AppearsInTheWidget_AsAPicture()
    {
        await _fixture.OnPageAsync("plot-widget", async page =>
        {
            var errors = BrowserFixture.ConsoleErrors(page);
            await page.GotoAsync(_fixture.Blog.OriginText + "/plot-post.html");
            var snippet = page.Locator("neuron-snippet");
            var picture = snippet.Locator("img.file");

            var timing = await RunUntilPictureAsync(snippet.Locator("button.run"), snippet.Locator(".verdict"), picture);

            await Expect(snippet.Locator("pre.stdout")).ToHaveTextAsync("saved");
            Assert.Equal([640, 480], timing.Size); // matplotlib's default figure: 6.4 × 4.8 in at 100 dpi
            Assert.StartsWith("data:image/png;base64,", await picture.GetAttributeAsync("src"), StringComparison.Ordinal);
            await RecordAsync("widget", timing);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        });
    }

    [Fact]
    public async Task MatplotlibPlot_AppearsInThePlayground_AsAPicture_AndTheCurlCommandCarriesItsLimits()
    {
        await _fixture.OnPageAsync("plot-playground", async page =>
        {
            var errors = BrowserFixture.ConsoleErrors(page);
            await page.GotoAsync($"{_fixture.ApiOrigin}/#key={_fixture.Key}");
            await Expect(page.Locator("#language option[value=python]")).ToHaveCountAsync(1);
            await page.SelectOptionAsync("#language", "python");
            await PlaygroundTests.SetEditorTextAsync(page, Pages.PlotSource);
            await page.FillAsync("#time-ms", "10000");
            await page.FillAsync("#memory-mb", "256");
            await Expect(page.Locator("#curl")).ToContainTextAsync("\"limits\":{\"timeMs\":10000,\"memoryMb\":256}");

            var timing = await RunUntilPictureAsync(page.Locator("#run"), page.Locator("#verdict"), page.Locator("#files img"));

            await Expect(page.Locator("#stdout")).ToHaveTextAsync("saved");
            Assert.Equal([640, 480], timing.Size);
            await RecordAsync("playground", timing);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        });
    }
}
