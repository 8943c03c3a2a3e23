using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Neuron.Browser.Tests;

/// <summary>
/// The playground's autosave module (<c>/playground/autosave.js</c>) on its own, imported into a page and driven by a
/// hand-made clock: every step's time is chosen by the test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AutosaveTests
{
    /// <summary>Runs a script of [time, action, text] steps against DraftAutosave and answers its writes as [time, text].</summary>
    private const string Harness = """
        async (steps) => {
          const { DraftAutosave } = await import('/playground/autosave.js');
          let now = 0, timers = [], writes = [];
          const clock = {
            now: () => now,
            setTimeout: (f, ms) => { const t = { at: now + ms, f }; timers.push(t); return t; },
            clearTimeout: (t) => { timers = timers.filter((x) => x !== t); },
          };
          const saver = new DraftAutosave((text) => writes.push([now, text]), clock);
          const advance = (to) => {
            for (let due; (due = timers.filter((t) => t.at <= to).sort((a, b) => a.at - b.at)[0]); ) {
              timers = timers.filter((t) => t !== due);
              now = due.at;
              due.f();
            }
            now = to;
          };
          for (const [at, action, text] of steps) {
            advance(at);
            if (action === 'change') saver.change(text);
            if (action === 'flush') saver.flush();
          }
          return JSON.stringify(writes);
        }
        """;

    private readonly BrowserFixture _fixture;

    public AutosaveTests(BrowserFixture fixture) => _fixture = fixture;

    private async Task<List<(long At, string Text)>> WritesAsync(object[][] steps, [CallerMemberName] string test = "")
    {
        List<(long, string)> writes = [];
        await _fixture.OnPageAsync("autosave-" + test, async page =>
        {
            await page.GotoAsync(_fixture.ApiOrigin + "/");
            var json = await page.EvaluateAsync<string>(Harness, steps);
            writes = JsonSerializer.Deserialize<JsonElement[][]>(json)!.Select(w => (w[0].GetInt64(), w[1].GetString()!)).ToList();
        });
        return writes;
    }

    [Fact]
    public async Task Changes_AreCoalesced_IntoOneWriteOfTheLatestText_ASecondAfterTheLast()
    {
        var writes = await WritesAsync([[0, "change", "a"], [200, "change", "ab"], [700, "change", "abc"], [10_000, "idle", ""]]);

        Assert.Equal([(1700L, "abc")], writes);
    }

    [Fact]
    public async Task AChangeThatWaitedFiveSeconds_IsWritten_WhileTypingGoesOn()
    {
        // A change every 500 ms for 10 s (v0 … v19): no idle second, so the oldest unsaved change forces a write at 5 s
        // (v10, typed at that very moment, comes after it) and again 5 s after v10; the last edit is written a second later.
        var typing = Enumerable.Range(0, 20).Select(i => new object[] { i * 500, "change", $"v{i}" });
        var writes = await WritesAsync([.. typing, [10_200, "change", "end"], [20_000, "idle", ""]]);

        Assert.Equal([(5000L, "v9"), (10_000L, "v19"), (11_200L, "end")], writes);
    }

    [Fact]
    public async Task Flush_WritesAPendingChangeAtOnce_AndNothingWhenThereIsNone()
    {
        var writes = await WritesAsync([[0, "change", "a"], [100, "flush", ""], [200, "flush", ""], [5000, "idle", ""]]);

        Assert.Equal([(100L, "a")], writes);
    }
}
