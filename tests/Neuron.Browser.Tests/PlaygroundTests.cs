using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Neuron.Browser.Tests;

/// <summary>The playground at / of the app: runs, curl command, cooldown, draft autosave (on Playwright's clock).</summary>
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

    private readonly BrowserFixture _fixture;

    public PlaygroundTests(BrowserFixture fixture)
    {
        _fixture = fixture;
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
            await page.FillAsync("#source", "print('hi')");

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

            await page.FillAsync("#source", "print(input()[::-1])");
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
            await page.FillAsync("#source", "a");
            await page.Clock.RunForAsync(300);
            await page.FillAsync("#source", "ab");
            await page.Clock.RunForAsync(300);
            await page.FillAsync("#source", "abc");
            await page.Clock.RunForAsync(999);
            Assert.Empty(await DraftsAsync(page));
            await page.Clock.RunForAsync(1);
            Assert.Equal(["abc"], await DraftsAsync(page));

            // Typing without a pause: no idle second, so the change that has waited 5 s is written anyway.
            await page.EvaluateAsync("() => window.__drafts.length = 0");
            for (var i = 1; i <= 13; i++)
            {
                await page.FillAsync("#source", new string('x', i));
                await page.Clock.RunForAsync(400);
                Assert.Equal(i * 400 >= 5000 ? 1 : 0, (await DraftsAsync(page)).Length);
            }
            Assert.Equal([new string('x', 13)], await DraftsAsync(page));

            // One more edit, then a pause: written a second later, never two writes within a second.
            await page.FillAsync("#source", "done");
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
            await page.FillAsync("#source", "print('kept')");
            await page.FillAsync("#stdin", "some input");
            await page.Clock.RunForAsync(1000);
            Assert.Equal(["print('kept')"], await DraftsAsync(page));

            await page.ReloadAsync();
            await Expect(page.Locator("#language option[value=python]")).ToHaveCountAsync(1);

            await Expect(page.Locator("#language")).ToHaveValueAsync("python");
            await Expect(page.Locator("#source")).ToHaveValueAsync("print('kept')");
            await Expect(page.Locator("#stdin")).ToHaveValueAsync("some input");
            await Expect(page.Locator("#key")).ToHaveValueAsync(_fixture.Key);
        });
    }
}
