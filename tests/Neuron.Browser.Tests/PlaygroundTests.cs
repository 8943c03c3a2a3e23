using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Neuron.Browser.Tests;

/// <summary>
/// The playground at / of the app: its editor (CodeMirror), runs, curl command, cooldown, draft autosave (on
/// Playwright's clock), first render.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PlaygroundTests
{
    private static readonly DateTime Start = new(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Records every draft write with the page's (fake) time, before the page's own scripts run.</summary>
    private const string RecordDraftWrites = """
        (() => {
          const setItem = Storage.prototype.setItem;
          window.__drafts = [];
          Storage.prototype.setItem = function (key, value) {
            if (key.startsWith('neuron.playground.draft.')) window.__drafts.push({ at: Date.now(), source: JSON.parse(value).source });
            return setItem.call(this, key, value);
          };
        })();
        """;

    /// <summary>The editor's editable text (CodeMirror's content element).</summary>
    private const string Editor = "#source .cm-content";

    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PlaygroundTests(BrowserFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        SetDefaultExpectTimeout(60_000);
    }

    /// <summary>Opens the playground with the key in the fragment, python selected, the page's clock paused.</summary>
    private async Task OpenAsync(IPage page)
    {
        await page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = Start });
        await page.GotoAsync($"{_fixture.ApiOrigin}/#key={_fixture.Key}");
        await Expect(page.Locator("#language option[value=python]")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#language", "python");
        await page.Clock.PauseAtAsync(Start.AddMinutes(10));
    }

    /// <summary>
    /// Replaces the editor's text as a reader would: Ctrl+A (CodeMirror's select-all, over its whole document), then
    /// the text as one input. Playwright's fill selects the contenteditable's DOM instead, and now and then left
    /// CodeMirror's trailing empty line in place ("print('kept')\n").
    /// </summary>
    internal static async Task SetEditorTextAsync(IPage page, string text)
    {
        await page.ClickAsync(Editor);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.InsertTextAsync(text);
    }

    private static Task<string[]> DraftsAsync(IPage page) => page.EvaluateAsync<string[]>("() => window.__drafts.map(d => d.source)");

    [Fact]
    public async Task Playground_ShowsItsKeysCreditsLeft_AndLessAfterARun()
    {
        await _fixture.OnPageAsync("playground-credits", async page =>
        {
            await page.GotoAsync($"{_fixture.ApiOrigin}/#key={_fixture.PlaygroundCreditsKey}");
            await Expect(page.Locator("#balance")).ToHaveTextAsync("Credits left: 2.5");
            await Expect(page.Locator("#language option[value=python]")).ToHaveCountAsync(1);
            await page.SelectOptionAsync("#language", "python");
            await SetEditorTextAsync(page, "print('hi')");

            await page.ClickAsync("#run");

            await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "ok");
            // Held (4,000 for a python run) or charged (4,000 plus its CPU): less than before, by less than 0.05.
            await Expect(page.Locator("#balance")).ToHaveAttributeAsync("data-available", new System.Text.RegularExpressions.Regex(@"^24[5-9]\d{4}$"));
            await Expect(page.Locator("#balance")).ToContainTextAsync("Credits left: 2.4");
        });
    }

    [Fact]
    public async Task Playground_RunsAProgram_ShowsItsCurlCommand_PollsSameOrigin_AndCoolsDown()
    {
        await _fixture.OnPageAsync("playground-run", async page =>
        {
            var errors = BrowserFixture.ConsoleErrors(page);
            await OpenAsync(page);
            Assert.DoesNotContain("#key", page.Url, StringComparison.Ordinal);
            Assert.Equal(_fixture.Key, await page.Locator("#key").InputValueAsync());

            await SetEditorTextAsync(page, "print(input()[::-1])");
            await page.FillAsync("#stdin", "olleh");
            var curl = await page.Locator("#curl").TextContentAsync();
            var submitted = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#run"), r => r.Request.Method == "POST" && r.Url.Contains("/api/runs", StringComparison.Ordinal));

            await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "ok");
            await Expect(page.Locator("#stdout")).ToHaveTextAsync("hello");
            Assert.Contains($"'{_fixture.ApiOrigin}/api/runs?wait=20'", curl, StringComparison.Ordinal);
            Assert.Contains("Authorization: Bearer $NEURON_KEY", curl, StringComparison.Ordinal);
            Assert.Contains("""-d '{"language":"python","source":"print(input()[::-1])","stdin":"olleh"}'""", curl, StringComparison.Ordinal);
            Assert.DoesNotContain(_fixture.Key, curl, StringComparison.Ordinal);

            // Polling a run is a same-origin GET, which browsers send without Origin: the key is still accepted.
            var id = (await submitted.JsonAsync())!.Value.GetProperty("id").GetString();
            Assert.Equal(200, await page.EvaluateAsync<int>(
                "async ([id, key]) => (await fetch(`/api/runs/${id}`, { headers: { Authorization: `Bearer ${key}` } })).status", new[] { id, _fixture.Key }));

            // One run at a time, then a short cooldown before the next.
            await Expect(page.Locator("#run")).ToBeDisabledAsync();
            await page.Clock.RunForAsync(999);
            await Expect(page.Locator("#run")).ToBeDisabledAsync();
            await page.Clock.RunForAsync(1);
            await Expect(page.Locator("#run")).ToBeEnabledAsync();
            Assert.True(errors.Count == 0, string.Join("\n", errors)); // its strict CSP blocked nothing it needs
        });
    }

    [Fact]
    public async Task Autosave_CoalescesToTheLatestText_AndForcesAWriteAfterFiveSeconds()
    {
        await _fixture.OnPageAsync("playground-autosave", async page =>
        {
            await page.AddInitScriptAsync(RecordDraftWrites);
            await OpenAsync(page);
            await page.EvaluateAsync("() => window.__drafts.length = 0");

            // Three edits 300 ms apart: one write, of the last text, a second after the last edit.
            await SetEditorTextAsync(page, "a");
            await page.Clock.RunForAsync(300);
            await SetEditorTextAsync(page, "ab");
            await page.Clock.RunForAsync(300);
            await SetEditorTextAsync(page, "abc");
            await page.Clock.RunForAsync(999);
            Assert.Empty(await DraftsAsync(page));
            await page.Clock.RunForAsync(1);
            Assert.Equal(["abc"], await DraftsAsync(page));

            // Typing without a pause: no idle second, so the change that has waited 5 s is written anyway.
            await page.EvaluateAsync("() => window.__drafts.length = 0");
            for (var i = 1; i <= 13; i++)
            {
                await SetEditorTextAsync(page, new string('x', i));
                await page.Clock.RunForAsync(400);
                Assert.Equal(i * 400 >= 5000 ? 1 : 0, (await DraftsAsync(page)).Length);
            }
            Assert.Equal([new string('x', 13)], await DraftsAsync(page));

            // One more edit, then a pause: written a second later, never two writes within a second.
            await SetEditorTextAsync(page, "done");
            await page.Clock.RunForAsync(999);
            Assert.Single(await DraftsAsync(page));
            await page.Clock.RunForAsync(1);
            Assert.Equal([new string('x', 13), "done"], await DraftsAsync(page));
            var times = await page.EvaluateAsync<long[]>("() => window.__drafts.map(d => d.at)");
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 1000, $"writes at {pair.First} and {pair.Second}"));
        });
    }

    [Fact]
    public async Task Draft_IsRestoredOnReload()
    {
        await _fixture.OnPageAsync("playground-restore", async page =>
        {
            await page.AddInitScriptAsync(RecordDraftWrites);
            await OpenAsync(page);
            await SetEditorTextAsync(page, "print('kept')");
            await page.FillAsync("#stdin", "some input");
            await page.Clock.RunForAsync(1000);
            Assert.Equal(["print('kept')"], await DraftsAsync(page));

            await page.ReloadAsync();
            await Expect(page.Locator("#language option[value=python]")).ToHaveCountAsync(1);

            await Expect(page.Locator("#language")).ToHaveValueAsync("python");
            await Expect(page.Locator(Editor)).ToHaveTextAsync("print('kept')");
            await Expect(page.Locator("#stdin")).ToHaveValueAsync("some input");
            await Expect(page.Locator("#key")).ToHaveValueAsync(_fixture.Key);
        });
    }

    [Fact]
    public async Task Editor_TypesWithSyntaxHighlighting_RunsOnCtrlEnter_AndRestoresTheDraft()
    {
        await _fixture.OnPageAsync("playground-editor", async page =>
        {
            var errors = BrowserFixture.ConsoleErrors(page);
            await page.GotoAsync($"{_fixture.ApiOrigin}/#key={_fixture.Key}");
            await Expect(page.Locator("#language option[value=python]")).ToHaveCountAsync(1);
            await page.SelectOptionAsync("#language", "python");
            var editor = page.Locator(Editor);

            await editor.ClickAsync();
            await page.Keyboard.PressAsync("Control+a");
            await page.Keyboard.PressAsync("Delete");
            await page.Keyboard.TypeAsync("print(6 * 7)");
            await Expect(editor).ToHaveTextAsync("print(6 * 7)");

            // Python's mode colours the numbers apart from the rest of the line; the gutter numbers the line.
            var number = page.Locator("#source .cm-line span", new() { HasTextString = "6" });
            Assert.NotEqual(await number.EvaluateAsync<string>("e => getComputedStyle(e.closest('.cm-line')).color"),
                await number.EvaluateAsync<string>("e => getComputedStyle(e).color"));
            await Expect(page.Locator("#source .cm-lineNumbers .cm-gutterElement", new() { HasTextString = "1" })).ToHaveCountAsync(1);

            // Ctrl+Enter runs, as before the editor, and adds no line.
            var lines = await page.Locator("#source .cm-line").CountAsync();
            await page.Keyboard.PressAsync("Control+Enter");
            await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "ok");
            await Expect(page.Locator("#stdout")).ToHaveTextAsync("42");
            await Expect(page.Locator("#source .cm-line")).ToHaveCountAsync(lines);
            Assert.Contains("print(6 * 7)", await page.Locator("#curl").TextContentAsync(), StringComparison.Ordinal);

            // Tab leaves the editor (no keyboard trap).
            await editor.FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            Assert.NotEqual("source", await page.EvaluateAsync<string>("() => document.activeElement.id")); // the editor's shadow host

            // The draft is saved after a pause and comes back on reload.
            await page.WaitForFunctionAsync("() => JSON.parse(localStorage.getItem('neuron.playground.draft.python') || '{}').source === 'print(6 * 7)'");
            await page.ReloadAsync();
            await Expect(page.Locator(Editor)).ToHaveTextAsync("print(6 * 7)");
            await Expect(page.Locator("#language")).ToHaveValueAsync("python");
            Assert.True(errors.Count == 0, string.Join("\n", errors)); // the strict CSP blocked nothing the editor needs
        });
    }

    [Fact]
    public async Task Editor_FollowsTheColorScheme_AndItsFirstRenderIsReported()
    {
        await _fixture.OnPageAsync("playground-light-after-dark", async page =>
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
            await page.GotoAsync($"{_fixture.ApiOrigin}/");
            var editor = page.Locator("#source .cm-editor");
            await Expect(editor).ToBeVisibleAsync();

            // CodeMirror's own styles apply under the page's CSP (constructable stylesheets): the gutter is laid out.
            Assert.Equal("flex", await page.Locator("#source .cm-gutters").EvaluateAsync<string>("e => getComputedStyle(e).display"));
            const string Background = "e => getComputedStyle(e).backgroundColor";
            Assert.Equal("rgb(40, 44, 52)", await editor.EvaluateAsync<string>(Background)); // One Dark
            var figures = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const ready = performance.getEntriesByName('neuron-editor-ready')[0].startTime;
                  const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
                  const bundle = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/playground/editor.js'));
                  return { ready, paint, bundleBytes: bundle?.decodedBodySize ?? null };
                }
                """);
            var line = $"playground first render (navigation start → editor on the page): {figures.GetProperty("ready").GetDouble():F0} ms; " +
                $"first contentful paint: {figures.GetProperty("paint")} ms; editor.js: {figures.GetProperty("bundleBytes")} bytes";
            _output.WriteLine(line);
            await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "playground-first-render.txt"), line + "\n");
            await BrowserFixture.ScreenshotAsync(page, "playground-dark");

            // The scheme changes while the page is open: the editor follows.
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
            await Expect(editor).Not.ToHaveCSSAsync("background-color", "rgb(40, 44, 52)");
        });
    }
}
