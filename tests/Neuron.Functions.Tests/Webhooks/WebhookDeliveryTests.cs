using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Webhooks;

/// <summary>
/// Signed webhooks end to end: the app in local mode (its own queue listeners) against Azurite and the stub runner,
/// delivering to a real HTTP receiver on loopback, with the retry schedule shortened to seconds.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private static Dictionary<string, string?> Settings(int maxAttempts = 4, bool allowLoopback = true) => new()
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowLoopback"] = allowLoopback ? "true" : "false",
        ["Webhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:FirstRetryDelay"] = "00:00:01",
        ["Webhooks:MaxRetryDelay"] = "00:00:02",
    };

    private sealed record KeyWithSecret(string Id, string Key, string WebhookSecret);

    private static async Task<KeyWithSecret> CreateKeyAsync(FunctionsApp app)
    {
        using var admin = app.AdminClient();
        var response = await admin.PostAsync("/api/admin/keys", Client.JsonBody(new { kind = "secret", name = "webhooks" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.Content.ReadFromJsonAsync<KeyWithSecret>(Client.Json))!;
        Assert.StartsWith("whsec_", key.WebhookSecret);
        return key;
    }

    private static Task<RunDocument> WaitForDeliveryAsync(HttpClient http, string runId) =>
        Eventually.GetAsync(() => http.GetRunAsync(runId), r => r.Webhook is { State: not RunCallback.Pending }, Bound, $"run {runId}'s webhook settled");

    private static async Task<int> WebhookMessagesAsync(FunctionsApp app)
    {
        var queue = new QueueServiceClient(app.ConnectionString).GetQueueClient(app.Prefix + "webhooks");
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    [Fact]
    public async Task AReceiverThatFailsTwice_GetsTheRunOnTheThirdAttempt_SignedWithTheKeysSecret_AndOnlyOnce()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? 500 : 200;
        await using var app = await FunctionsApp.StartAsync(runner.Url, Settings());
        var key = await CreateKeyAsync(app);
        using var http = app.ClientWithKey(key.Key);

        var response = await http.SubmitAsync(new { language = "python", source = "print(input())", stdin = "hello\n", callbackUrl = receiver.Url() });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = await response.RunAsync();
        Assert.Equal(RunCallback.Pending, submitted.Webhook!.State);
        Assert.Equal(0, submitted.Webhook.Attempts);
        var run = await WaitForDeliveryAsync(http, submitted.Id);

        Assert.Equal(RunCallback.Delivered, run.Webhook!.State);
        Assert.Equal(3, run.Webhook.Attempts);
        Assert.Equal(200, run.Webhook.LastStatus);
        Assert.Null(run.Webhook.LastError);
        Assert.NotNull(run.Webhook.DeliveredAt);
        var deliveries = receiver.Deliveries;
        Assert.Equal([500, 500, 200], deliveries.Select(d => d.AnsweredWith));
        Assert.All(deliveries, d => Assert.Equal(("POST", "/hooks/neuron?token=t1"), (d.Method, d.Path)));
        Assert.Equal(["1", "2", "3"], deliveries.Select(d => d.Headers["Neuron-Webhook-Attempt"]));
        Assert.All(deliveries, d => Assert.Equal(submitted.Id, d.Headers["Neuron-Webhook-Id"]));
        Assert.All(deliveries, d => Assert.True(WebhookReceiver.Verifies(d, key.WebhookSecret), d.Headers["Neuron-Signature"]));
        Assert.False(WebhookReceiver.Verifies(deliveries[^1], key.WebhookSecret + "x"));
        Assert.All(deliveries, d => Assert.Equal(deliveries[0].Body, d.Body)); // one document, whichever attempt carries it
        var document = JsonSerializer.Deserialize<RunDocument>(deliveries[^1].Body, Client.Json)!;
        Assert.Equal((submitted.Id, RunStatus.Completed, "hello\n"), (document.Id, document.Status, document.Stdout));
        Assert.Null(document.Webhook);
        // Exactly one run document was accepted, and nothing more is on its way.
        Assert.Single(deliveries, d => d.AnsweredWith is >= 200 and < 300);
        Assert.Equal(0, await WebhookMessagesAsync(app));
        var stored = await http.GetStringAsync($"/api/runs/{submitted.Id}");
        Assert.DoesNotContain("whsec_", stored);
    }

    [Fact]
    public async Task AJudge0CallbackUrl_GetsAPutOfJudge0sSubmission_Base64Encoded_AndSigned()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, Settings());
        var key = await CreateKeyAsync(app);
        using var http = app.ClientWithKey(key.Key);
        using var judge0 = app.AnonymousClient();
        judge0.DefaultRequestHeaders.Add("X-Auth-Token", key.Key);

        var response = await judge0.PostAsync("/judge0/submissions",
            Client.JsonBody(new { source_code = "print(input())", language_id = 71, stdin = "hello\n", callback_url = receiver.Url() }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var runId = token.Replace("-", "", StringComparison.Ordinal);
        var run = await WaitForDeliveryAsync(http, runId);
        Assert.Equal(RunCallback.Delivered, run.Webhook!.State);
        var delivery = Assert.Single(receiver.Deliveries);
        Assert.Equal("PUT", delivery.Method);
        Assert.True(WebhookReceiver.Verifies(delivery, key.WebhookSecret), delivery.Headers["Neuron-Signature"]);
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal(token, body.RootElement.GetProperty("token").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("hello\n", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body.RootElement.GetProperty("stdout").GetString()!)));
    }

    [Fact]
    public async Task AReceiverThatAlwaysFails_EndsFailed_AfterTheConfiguredAttempts()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        await using var app = await FunctionsApp.StartAsync(runner.Url, Settings(maxAttempts: 3));
        var key = await CreateKeyAsync(app);
        using var http = app.ClientWithKey(key.Key);

        var submitted = await (await http.SubmitAsync(new { language = "python", source = "print(1)", callbackUrl = receiver.Url() })).RunAsync();
        var run = await WaitForDeliveryAsync(http, submitted.Id);

        Assert.Equal(RunCallback.Failed, run.Webhook!.State);
        Assert.Equal(3, run.Webhook.Attempts);
        Assert.Equal(503, run.Webhook.LastStatus);
        Assert.Contains("503", run.Webhook.LastError);
        Assert.Null(run.Webhook.NextAttemptAt);
        Assert.Equal(3, receiver.Deliveries.Count);
        Assert.Equal(0, await WebhookMessagesAsync(app));
    }

    [Theory]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::ffff:192.168.1.1]/hook")]
    [InlineData("http://127.0.0.1:8080/hook")]
    public async Task APrivateLiteralAddress_IsRefusedAtSubmission(string url)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, Settings(allowLoopback: false));
        var key = await CreateKeyAsync(app);
        using var http = app.ClientWithKey(key.Key);

        var response = await http.SubmitAsync(new { language = "python", source = "print(1)", callbackUrl = url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:neuron:problem:callback-url-refused", problem.GetProperty("type").GetString());
        Assert.Equal(0, runner.ExecuteCalls);
    }

    [Fact]
    public async Task AHostNameThatResolvesToLoopback_IsRefusedAtDelivery_WhenLoopbackIsNotAllowed()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, Settings(allowLoopback: false));
        var key = await CreateKeyAsync(app);
        using var http = app.ClientWithKey(key.Key);

        // A name is not judged at submission: what it resolves to is checked when each attempt connects.
        var response = await http.SubmitAsync(new { language = "python", source = "print(1)", callbackUrl = receiver.Url("localhost") });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await WaitForDeliveryAsync(http, (await response.RunAsync()).Id);

        Assert.Equal(RunCallback.Failed, run.Webhook!.State);
        Assert.Equal(1, run.Webhook.Attempts);
        Assert.Null(run.Webhook.LastStatus);
        Assert.Contains("loopback", run.Webhook.LastError);
        Assert.Empty(receiver.Deliveries);
    }

    [Fact]
    public async Task AReplacedWebhookSecret_SignsTheNextDeliveries_AndTheOldOneNoLonger()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, Settings());
        var key = await CreateKeyAsync(app);
        using var admin = app.AdminClient();

        var replaced = await admin.PostAsync($"/api/admin/keys/{key.Id}/webhook-secret", null);

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var secret = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.NotEqual(key.WebhookSecret, secret);
        var listed = await admin.GetStringAsync("/api/admin/keys");
        Assert.DoesNotContain("whsec_", listed);
        using var http = app.ClientWithKey(key.Key);
        var submitted = await (await http.SubmitAsync(new { language = "python", source = "print(1)", callbackUrl = receiver.Url() })).RunAsync();
        Assert.Equal(RunCallback.Delivered, (await WaitForDeliveryAsync(http, submitted.Id)).Webhook!.State);
        var delivery = Assert.Single(receiver.Deliveries);
        Assert.True(WebhookReceiver.Verifies(delivery, secret));
        Assert.False(WebhookReceiver.Verifies(delivery, key.WebhookSecret));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/keys/key_0000000000000000/webhook-secret", null)).StatusCode);
    }

    [Fact]
    public async Task HttpCallbacks_AreRefused_UnlessConfigured()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var key = await CreateKeyAsync(app);
        using var http = app.ClientWithKey(key.Key);

        var response = await http.SubmitAsync(new { language = "python", source = "print(1)", callbackUrl = "http://hooks.example/neuron" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("https", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCallbackUrl_TheDeliveryState_AndTheSecretsEndpoint()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var openApi = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/openapi.json");

        var schemas = openApi.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("SubmitRunRequest").GetProperty("properties").TryGetProperty("callbackUrl", out _));
        Assert.Equal(["url", "state", "attempts", "lastAttemptAt", "lastStatus", "lastError", "nextAttemptAt", "deliveredAt"],
            schemas.GetProperty("CallbackDocument").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.True(openApi.GetProperty("paths").GetProperty("/api/admin/keys/{id}/webhook-secret").TryGetProperty("post", out _));
        Assert.True(schemas.GetProperty("KeyDocument").GetProperty("properties").TryGetProperty("webhookSecret", out _));
    }
}
