using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Tests.Support;

/// <summary>
/// A stand-in for the runner agent at the HTTP boundary: a real Kestrel server on a loopback port that checks every
/// request's HMAC signature, counts executions, echoes stdin to stdout, and can be made busy (503) or taken down.
/// </summary>
public sealed class StubRunner : IAsyncDisposable
{
    public const string Secret = "stub-runner-secret-0123456789";
    public const string PythonVersion = "3.11.2-stub";

    private WebApplication? _app;
    private int _executeCalls;
    private int _badSignatures;

    private StubRunner(int port) => Port = port;

    public int Port { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}/");
    public int ExecuteCalls => Volatile.Read(ref _executeCalls);
    public int BadSignatures => Volatile.Read(ref _badSignatures);

    /// <summary>Answer 503 + Retry-After to executions.</summary>
    public bool Busy { get; set; }

    /// <summary>Refuse executions with this status as a problem document (e.g. 422 from a burst group's memory ceiling).</summary>
    public int? RefuseWith { get; set; }

    /// <summary>When set, executions wait for it before answering (to hold a run in <c>running</c>).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Raised when an execution arrives (before the gate).</summary>
    public event Action<ExecuteRequest>? Executing;

    /// <summary>Overrides the default result (stdout = stdin, verdict ok).</summary>
    public Func<ExecuteRequest, ExecuteResult>? Respond { get; set; }

    public static readonly IReadOnlyList<LanguageInfo> Languages =
    [
        new("python", "Python", PythonVersion, ["py", "python3"], false, "main.py", new(2_000, 128, 64), new(10_000, 512, 1_024)),
        new("cpp", "C++", "12.2-stub", ["c++"], true, "main.cpp", new(2_000, 128, 64), new(10_000, 512, 1_024)),
    ];

    public static async Task<StubRunner> StartAsync()
    {
        var stub = new StubRunner(FreePort.Next());
        await stub.StartAgainAsync();
        return stub;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Url.ToString());
        var app = builder.Build();
        var secret = Encoding.UTF8.GetBytes(Secret);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            context.Request.Body.Position = 0;
            var check = RequestSignature.Verify(secret, context.Request.Headers[RequestSignature.TimestampHeader],
                context.Request.Headers[RequestSignature.SignatureHeader], buffer.ToArray(), DateTimeOffset.UtcNow);
            if (check != SignatureCheck.Valid)
            {
                Interlocked.Increment(ref _badSignatures);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next();
        });
        app.MapGet("/healthz", () => Results.Ok());
        app.MapGet("/v1/languages", () => Results.Json(Languages, RunnerJsonContext.Default.IReadOnlyListLanguageInfo));
        app.MapPost("/v1/execute", async (HttpContext context) =>
        {
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, RunnerJsonContext.Default.ExecuteRequest);
            if (Busy)
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            if (RefuseWith is { } status)
                return Results.Problem(statusCode: status, title: "Refused by the stub");
            Interlocked.Increment(ref _executeCalls);
            Executing?.Invoke(request!);
            if (Gate is { } gate)
                await gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var result = Respond?.Invoke(request!) ?? new ExecuteResult
            {
                Verdict = Verdicts.Ok,
                Language = request!.Language,
                Version = PythonVersion,
                Stdout = request.Stdin ?? "",
                ExitCode = 0,
                WallMs = 12,
                CpuMs = 8,
                MemoryKb = 9_000,
                StartedAt = DateTimeOffset.UtcNow,
                FinishedAt = DateTimeOffset.UtcNow,
            };
            return Results.Json(result, RunnerJsonContext.Default.ExecuteResult);
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Takes the runner down: connections to its port are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public static async Task<StubRunner> StartDownAsync() => await Task.FromResult(new StubRunner(FreePort.Next()));
}
