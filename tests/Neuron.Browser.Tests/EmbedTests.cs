using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Neuron.Browser.Tests;

/// <summary>The Run widget on a blog (allowed origin) and on a site its key does not allow.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmbedTests
{
    private readonly BrowserFixture _fixture;

    public EmbedTests(BrowserFixture fixture)
    {
        _fixture = fixture;
        SetDefaultExpectTimeout(60_000);
    }

    private static ILocator Snippet(IPage page, int index) => page.Locator("neuron-snippet").Nth(index);

    /// <summary>Clicks the snippet's Run and expects a message of that kind where the output would be.</summary>
    private static async Task RunExpectingMessageAsync(ILocator snippet, string kind, string text)
    {
        await snippet.Locator("button.run").ClickAsync();

        var message = snippet.Locator(".msg");
        await Expect(message).ToHaveAttributeAsync("data-kind", kind);
        await Expect(message).ToContainTextAsync(text);
        await Expect(snippet.Locator(".verdict")).ToHaveCountAsync(0);
        await Expect(snippet.Locator("pre.stdout")).ToHaveCountAsync(0);
    }

    private static Task<string> StyleAsync(ILocator element, string property) =>
        element.EvaluateAsync<string>($"e => getComputedStyle(e).{property}");

    [Fact]
    public async Task RunButtons_ShowEachSnippetsOwnOutputAndVerdict()
    {
        await _fixture.OnPageAsync("embed-two-snippets", async page =>
        {
            var errors = BrowserFixture.ConsoleErrors(page);
            await page.GotoAsync(_fixture.Blog.OriginText + "/post.html");
            var python = Snippet(page, 0);
            var javascript = Snippet(page, 1);

            await python.Locator("button.run").ClickAsync();
            await javascript.Locator("button.run").ClickAsync();

            await Expect(python.Locator(".verdict")).ToHaveAttributeAsync("data-verdict", "ok");
            await Expect(python.Locator("pre.stdout")).ToHaveTextAsync("Hello, Ada!");
            await Expect(javascript.Locator(".verdict")).ToHaveAttributeAsync("data-verdict", "ok");
            await Expect(javascript.Locator("pre.stdout")).ToHaveTextAsync("2,4,6");
            await Expect(python.Locator(".verdict")).ToContainTextAsync(" ms");
            foreach (var snippet in new[] { python, javascript })
            {
                var output = snippet.Locator(".out");
                await Expect(output).ToHaveAttributeAsync("aria-live", "polite");
                await Expect(output).ToHaveAttributeAsync("aria-busy", "false");
                await Expect(snippet.Locator("button.run")).ToBeEnabledAsync();
            }
            await Expect(python.Locator(".lang")).ToContainTextAsync("Python");
            // The second snippet may meet the page session's cooldown (429), which the widget waits out and retries.
            var unexpected = errors.Where(e => !e.Contains("status of 429 (Too Many Requests)", StringComparison.Ordinal)).ToList();
            Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
        });
    }

    [Fact]
    public async Task DisallowedOrigin_IsRefused_AndShowsNoOutput()
    {
        await _fixture.OnPageAsync("embed-disallowed-origin", async page =>
        {
            await page.GotoAsync(_fixture.Elsewhere.OriginText + "/post.html");

            await RunExpectingMessageAsync(Snippet(page, 0), "refused", "not allowed to use this Run key");
        });
    }

    [Fact]
    public async Task CtrlEnter_Runs_AndTabMovesFocusOutOfTheEditor()
    {
        await _fixture.OnPageAsync("embed-keyboard", async page =>
        {
            await page.GotoAsync(_fixture.Blog.OriginText + "/post.html");
            var snippet = Snippet(page, 1);
            var source = snippet.Locator("textarea.src");

            await source.FocusAsync();
            await page.Keyboard.PressAsync("Control+Enter");
            await Expect(snippet.Locator("pre.stdout")).ToHaveTextAsync("2,4,6");

            await source.FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            Assert.False(await source.EvaluateAsync<bool>("e => e.getRootNode().activeElement === e"), "Tab stayed in the editor");
            Assert.Equal(Pages.JavaScriptSource, await source.InputValueAsync());
            // On through the rest of the snippet and out into the page.
            for (var i = 0; i < 6 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "after"; i++)
                await page.Keyboard.PressAsync("Tab");
            Assert.Equal("after", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        });
    }

    [Fact]
    public async Task Styles_DoNotLeak_EitherWay()
    {
        await _fixture.OnPageAsync("embed-styles", async page =>
        {
            await page.GotoAsync(_fixture.Blog.OriginText + "/post.html");
            var snippet = Snippet(page, 0);
            await snippet.Locator("button.run").ClickAsync();
            await Expect(snippet.Locator("pre.stdout")).ToHaveTextAsync("Hello, Ada!");

            // The page's `pre, button { color: red }` and `body { font-family: serif }` do not reach the widget…
            Assert.Equal("rgb(255, 255, 255)", await StyleAsync(snippet.Locator("button.run"), "color"));
            Assert.Equal("rgb(29, 31, 35)", await StyleAsync(snippet.Locator("pre.stdout"), "color"));
            Assert.NotEqual("serif", await StyleAsync(snippet.Locator(".w"), "fontFamily"));
            // …and the widget's styles do not reach the page.
            Assert.Equal("rgb(255, 0, 0)", await StyleAsync(page.Locator("#plain"), "color"));
            Assert.Equal("rgb(255, 0, 0)", await StyleAsync(page.Locator("#host-button"), "color"));
            Assert.NotEqual("rgb(35, 87, 217)", await StyleAsync(page.Locator("#host-button"), "backgroundColor"));
            Assert.Equal("serif", await StyleAsync(page.Locator("body"), "fontFamily"));
            Assert.Equal(1, await page.EvaluateAsync<int>("() => document.styleSheets.length"));
        });
    }

    [Fact]
    public async Task ExhaustedQuota_SaysWhenItResets()
    {
        await _fixture.OnPageAsync("embed-quota", async page =>
        {
            await page.GotoAsync(_fixture.Blog.OriginText + "/one-run.html");
            var snippet = Snippet(page, 1);
            await snippet.Locator("button.run").ClickAsync();
            await Expect(snippet.Locator("pre.stdout")).ToHaveTextAsync("2,4,6");

            await Expect(snippet.Locator("button.run")).ToBeEnabledAsync();

            await RunExpectingMessageAsync(snippet, "quota", "used its runs for today; the quota resets at ");
        });
    }

    [Fact]
    public async Task ExhaustedCredits_ShowTheServicesSentenceToTheReader()
    {
        await _fixture.OnPageAsync("embed-credits-exhausted", async page =>
        {
            await page.GotoAsync(_fixture.Blog.OriginText + "/no-credits.html");

            await RunExpectingMessageAsync(Snippet(page, 0), "credits", "This site has used up its Neuron credits, so code cannot run here right now");
            await Expect(Snippet(page, 0).Locator("button.run")).ToBeEnabledAsync();
        });
    }

    [Fact]
    public async Task UnknownKey_OnAnAllowedOrigin_SaysTheKeyIsNotAccepted()
    {
        await _fixture.OnPageAsync("embed-unknown-key", async page =>
        {
            await page.GotoAsync(_fixture.Blog.OriginText + "/unknown-key.html");

            await RunExpectingMessageAsync(Snippet(page, 0), "auth", "Run key is not accepted here (401)");
        });
    }
}
