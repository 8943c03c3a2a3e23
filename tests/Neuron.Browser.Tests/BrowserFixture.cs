using Microsoft.Playwright;
using Neuron.Testing;

namespace Neuron.Browser.Tests;

/// <summary>
/// The real local stack (Azurite, runner on Docker, Functions app), a blog on a second origin whose publishable key
/// allows it, a page on a third origin that the key does not allow, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public LocalStack Stack { get; private set; } = null!;
    public StaticSite Blog { get; private set; } = null!;
    public StaticSite Elsewhere { get; private set; } = null!;
    /// <summary>A publishable key for the blog's origin and the app's own (the playground).</summary>
    public string Key { get; private set; } = null!;

    /// <summary>Well-formed, but never issued.</summary>
    public const string UnknownKey = "pk_NeverIssuedNeverIssuedNeverIssued";

    /// <summary>A publishable key for the blog with a daily quota of one run.</summary>
    public string OneRunKey { get; private set; } = null!;

    /// <summary>A publishable key for the blog whose credits are used up (it was given none).</summary>
    public string NoCreditsKey { get; private set; } = null!;

    /// <summary>A publishable key for the playground with 2.5 credits of its own.</summary>
    public string PlaygroundCreditsKey { get; private set; } = null!;
    public const long PlaygroundMicroCredits = 2_500_000;
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    public string ApiOrigin => Stack.ApiUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>Where each test leaves a screenshot of its final state: artifacts/browser under the repository root.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepoRoot.Path, "artifacts", "browser");

    /// <summary>Prism from npm, copied beside the tests by the build (Neuron.Browser.Tests.csproj, CopyPrism).</summary>
    private static string PrismFolder { get; } = Path.Combine(AppContext.BaseDirectory, "prism");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: the browser tests drive Debian's Chromium (apt-get install -y chromium; infra/test installs it).");
        if (!File.Exists(Path.Combine(PrismFolder, "prism.js")))
            throw new InvalidOperationException($"{PrismFolder}/prism.js is missing: the build copies it from Prism/node_modules (npm ci).");

        Stack = await LocalStack.StartAsync(
            new Dictionary<string, string> { ["Runner__PoolSize"] = "0", ["Runner__Pools__python"] = "1", ["Runner__Pools__javascript"] = "1" },
            new Dictionary<string, string> { ["RateLimit__PermitsPerMinute"] = "10000" });
        Blog = await StaticSite.StartAsync(path => path switch
        {
            "/post.html" => Pages.Blog(ApiOrigin, Key),
            "/one-run.html" => Pages.Blog(ApiOrigin, OneRunKey),
            "/no-credits.html" => Pages.Blog(ApiOrigin, NoCreditsKey),
            "/unknown-key.html" => Pages.Blog(ApiOrigin, UnknownKey),
            "/prism-post.html" => Pages.PrismBlog(ApiOrigin, Key),
            "/plot-post.html" => Pages.PlotBlog(ApiOrigin, Key),
            _ => null,
        }, ("/prism", PrismFolder));
        Elsewhere = await StaticSite.StartAsync(path => path == "/post.html" ? Pages.Elsewhere(ApiOrigin, Key) : null);
        Key = await Stack.CreateKeyAsync("publishable", [Blog.OriginText, ApiOrigin], name: "blog");
        OneRunKey = await Stack.CreateKeyAsync("publishable", [Blog.OriginText], name: "one-run", dailyRunQuota: 1);
        NoCreditsKey = await Stack.CreateKeyAsync("publishable", [Blog.OriginText], name: "no-credits", freeMicroCredits: 0);
        PlaygroundCreditsKey = await Stack.CreateKeyAsync("publishable", [ApiOrigin], name: "playground-credits", freeMicroCredits: PlaygroundMicroCredits);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A fresh browser context (own storage) and page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Collects the page's console errors from now on (a CSP violation, a failed script, an uncaught error).</summary>
    public static List<string> ConsoleErrors(IPage page)
    {
        List<string> errors = [];
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Add($"{message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <summary>Keeps a screenshot of the page as it is now, as artifacts/browser/{name}.png.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    /// <summary>Runs <paramref name="test"/> on a fresh page and keeps a screenshot of its final state, failed or not.</summary>
    public async Task OnPageAsync(string screenshot, Func<IPage, Task> test)
    {
        var page = await NewPageAsync();
        try
        {
            await test(page);
        }
        finally
        {
            await ScreenshotAsync(page, screenshot);
            await page.Context.CloseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Elsewhere is not null)
            await Elsewhere.DisposeAsync();
        if (Blog is not null)
            await Blog.DisposeAsync();
        if (Stack is not null)
            await Stack.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
