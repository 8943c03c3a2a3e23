using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Neuron.Browser.Tests;

/// <summary>
/// The widget on a page whose code a highlighter styled: the page's own highlighted &lt;code&gt; stays on show,
/// before and after an edit, under a textarea that takes the typing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HighlightedSnippetTests
{
    private readonly BrowserFixture _fixture;

    public HighlightedSnippetTests(BrowserFixture fixture)
    {
        _fixture = fixture;
        SetDefaultExpectTimeout(60_000);
    }

    private static Task<string> InnerHtmlAsync(ILocator element) => element.EvaluateAsync<string>("e => e.innerHTML");

    private static Task<string> StyleAsync(ILocator element, string property) =>
        element.EvaluateAsync<string>($"e => getComputedStyle(e).{property}");

    /// <summary>Where the first character of the code's text is drawn, and where the textarea would draw its own.</summary>
    private const string TextOrigins = """
        ([code, area]) => {
          const range = document.createRange();
          range.setStart(code.firstChild.nodeType === 3 ? code.firstChild : code.firstChild.firstChild, 0);
          range.setEnd(range.startContainer, 1);
          const glyph = range.getBoundingClientRect();
          const box = area.getBoundingClientRect(), s = getComputedStyle(area);
          return [glyph.left, box.left + parseFloat(s.paddingLeft), parseFloat(getComputedStyle(code).lineHeight), parseFloat(s.lineHeight)];
        }
        """;

    [Fact]
    public async Task PrismHighlightedSnippet_StaysHighlighted_BeforeAndAfterAnEdit_AndStillRuns()
    {
        await _fixture.OnPageAsync("prism-after-undo-and-run", async page =>
        {
            var errors = BrowserFixture.ConsoleErrors(page);
            await page.GotoAsync(_fixture.Blog.OriginText + "/prism-post.html");
            var snippet = page.Locator("neuron-snippet");
            var code = snippet.Locator("#snippet");
            var control = page.Locator("#control");
            var source = snippet.Locator("textarea.src");
            var keyword = code.Locator(".token.keyword").First;
            await Expect(control.Locator(".token.keyword").First).ToHaveTextAsync("def");
            await Expect(keyword).ToHaveTextAsync("def");

            // Before an edit: exactly what Prism made of the same code elsewhere on the page, styled by the page's theme.
            Assert.Equal(await InnerHtmlAsync(control), await InnerHtmlAsync(code));
            Assert.Equal(await StyleAsync(control.Locator(".token.keyword").First, "color"), await StyleAsync(keyword, "color"));
            Assert.Equal("rgb(0, 119, 170)", await StyleAsync(keyword, "color")); // prism.css: .token.keyword { color: #07a }
            Assert.Equal(Pages.HighlightedSource, await source.InputValueAsync());
            // The textarea's own text is invisible and lies on the code's: same first-glyph position, same line height.
            Assert.Equal("rgba(0, 0, 0, 0)", await StyleAsync(source, "color"));
            var origins = await page.EvaluateAsync<double[]>(TextOrigins, new[] { await code.ElementHandleAsync(), await source.ElementHandleAsync() });
            Assert.True(Math.Abs(origins[0] - origins[1]) < 1, $"code text starts at x={origins[0]}, the textarea's at x={origins[1]}");
            Assert.Equal(origins[2], origins[3]);
            await BrowserFixture.ScreenshotAsync(page, "prism-before-edit");

            // An edit, typed: the page's code gets the new text and Prism highlights it again.
            await source.ClickAsync();
            await page.Keyboard.PressAsync("Control+End");
            await page.Keyboard.TypeAsync("\nprint(6 * 7)");
            await Expect(code.Locator(".token.number")).ToHaveTextAsync(["6", "7"]);
            Assert.Equal(Pages.HighlightedSource + "\nprint(6 * 7)", await code.TextContentAsync());
            Assert.Equal(await source.InputValueAsync(), await code.TextContentAsync());
            Assert.Equal("rgb(0, 119, 170)", await StyleAsync(keyword, "color"));
            Assert.True(await code.Locator(".token").CountAsync() > await control.Locator(".token").CountAsync(), "the typed line got no tokens");
            await Expect(snippet.Locator(".view")).Not.ToHaveAttributeAsync("data-stale", "");
            await BrowserFixture.ScreenshotAsync(page, "prism-after-edit");

            // It runs what was typed.
            await snippet.Locator("button.run").ClickAsync();
            await Expect(snippet.Locator("pre.stdout")).ToHaveTextAsync("Hello, Ada\n42");

            // The textarea's own undo takes the edit back, and the code is Prism's original again.
            await source.FocusAsync();
            for (var i = 0; i < 20 && await source.InputValueAsync() != Pages.HighlightedSource; i++)
                await page.Keyboard.PressAsync("Control+z"); // Chromium may keep the new line and the text as two steps
            Assert.Equal(Pages.HighlightedSource, await source.InputValueAsync());
            await Expect(code.Locator(".token.number")).ToHaveCountAsync(0);
            Assert.Equal(await InnerHtmlAsync(control), await InnerHtmlAsync(code));
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        });
    }

    [Fact]
    public async Task SnippetWithoutAHighlighter_IsEditedAsPlainText()
    {
        await _fixture.OnPageAsync("embed-plain-edit", async page =>
        {
            await page.GotoAsync(_fixture.Blog.OriginText + "/post.html");
            var snippet = page.Locator("neuron-snippet").Nth(0);
            var code = snippet.Locator("code[data-neuron]");
            var source = snippet.Locator("textarea.src");
            Assert.Equal(Pages.PythonSource, await code.TextContentAsync());

            await source.ClickAsync();
            await page.Keyboard.PressAsync("Control+End");
            await page.Keyboard.TypeAsync("\nprint(1)");

            await Expect(code).ToHaveTextAsync(Pages.PythonSource + "\nprint(1)");
            Assert.Equal(0, await code.EvaluateAsync<int>("e => e.children.length"));
            await snippet.Locator("button.run").ClickAsync();
            await Expect(snippet.Locator("pre.stdout")).ToHaveTextAsync("Hello, Ada!\n1");
        });
    }
}
