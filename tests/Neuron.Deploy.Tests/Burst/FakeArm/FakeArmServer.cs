using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Neuron.Deploy.Tests.Burst.FakeArm;

/// <summary>
/// A local HTTPS stand-in for Azure Resource Manager, just enough of it for container groups:
/// PUT and DELETE as long-running operations (Azure-AsyncOperation / Location polling),
/// GET, PATCH, the resource-group listing and a scale set. Records every request; scripted
/// faults (429, 409…) answer the first matching request once.
/// </summary>
public sealed class FakeArmServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly List<ScriptedFault> faults = [];
    private readonly Dictionary<string, JsonObject> groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PendingOperation> operations = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int nextOperation;
    private int nextAddress;

    private FakeArmServer(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        Certificate = certificate;
        app.Run(HandleAsync);
    }

    public X509Certificate2 Certificate { get; }

    public Uri BaseAddress { get; private set; } = new("https://localhost/");

    /// <summary>Status polls answered "in progress" before an operation completes.</summary>
    public int PollsBeforeDone { get; set; } = 2;

    /// <summary>Instance count the fake scale set reports.</summary>
    public int ScaleSetCapacity { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static async Task<FakeArmServer> StartAsync()
    {
        var certificate = SelfSignedCertificate.ForLocalhost();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var server = new FakeArmServer(builder.Build(), certificate);
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");
        return server;
    }

    public void Fail(string method, string pathContains, int status, string errorCode, params (string Name, string Value)[] headers)
    {
        lock (gate)
        {
            faults.Add(new ScriptedFault(method, pathContains, status, errorCode, headers.ToDictionary(h => h.Name, h => h.Value)));
        }
    }

    /// <summary>Puts a container group in place as if created earlier, with the given state and tags.</summary>
    public void SeedGroup(string resourceGroupPath, string name, string provisioningState, IDictionary<string, string> tags, string? privateIp = null)
    {
        var tagObject = new JsonObject();
        foreach (var (key, value) in tags)
        {
            tagObject[key] = value;
        }

        lock (gate)
        {
            groups[name] = new JsonObject
            {
                ["id"] = $"{resourceGroupPath}/providers/Microsoft.ContainerInstance/containerGroups/{name}",
                ["name"] = name,
                ["type"] = "Microsoft.ContainerInstance/containerGroups",
                ["location"] = "westeurope",
                ["tags"] = tagObject,
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = provisioningState,
                    ["ipAddress"] = new JsonObject { ["type"] = "Private", ["ip"] = privateIp },
                },
            };
        }
    }

    public JsonObject? Group(string name)
    {
        lock (gate)
        {
            return groups.TryGetValue(name, out var group) ? (JsonObject)group.DeepClone() : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", body, request.Headers.Authorization, DateTimeOffset.UtcNow));

        var path = request.Path.Value ?? "";
        if (TakeFault(request.Method, path) is { } fault)
        {
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await Respond(context, fault.Status, Error(fault.ErrorCode, $"scripted {fault.Status}"));
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && segments[^2] == "operations")
        {
            await PollAsyncOperation(context, segments[^1]);
        }
        else if (segments.Length >= 2 && segments[^2] == "operationResults")
        {
            await PollLocation(context, segments[^1]);
        }
        else if (segments.Length >= 1 && segments[^1] == "resources" && request.Method == "GET")
        {
            await ListResources(context);
        }
        else if (path.Contains("/Microsoft.Compute/virtualMachineScaleSets/", StringComparison.Ordinal) && request.Method == "GET")
        {
            await Respond(context, 200, new JsonObject
            {
                ["id"] = path,
                ["name"] = segments[^1],
                ["type"] = "Microsoft.Compute/virtualMachineScaleSets",
                ["location"] = "westeurope",
                ["sku"] = new JsonObject { ["name"] = "Standard_D2as_v5", ["capacity"] = ScaleSetCapacity },
            });
        }
        else if (path.Contains("/Microsoft.ContainerInstance/containerGroups/", StringComparison.Ordinal))
        {
            await ContainerGroup(context, path, segments[^1], body);
        }
        else
        {
            await Respond(context, 404, Error("NotFoundInFake", $"{request.Method} {path}"));
        }
    }

    private ScriptedFault? TakeFault(string method, string path)
    {
        lock (gate)
        {
            var fault = faults.FirstOrDefault(f => f.Method == method && path.Contains(f.PathContains, StringComparison.Ordinal));
            if (fault is not null)
            {
                faults.Remove(fault);
            }

            return fault;
        }
    }

    private async Task ContainerGroup(HttpContext context, string path, string name, string body)
    {
        switch (context.Request.Method)
        {
            case "PUT":
                {
                    var resource = JsonNode.Parse(body)!.AsObject();
                    resource["id"] = path;
                    resource["name"] = name;
                    resource["type"] = "Microsoft.ContainerInstance/containerGroups";
                    resource["properties"]!["provisioningState"] = "Creating";
                    string operation;
                    lock (gate)
                    {
                        groups[name] = resource;
                        operation = StartOperation(name, deleting: false);
                    }

                    context.Response.Headers["Azure-AsyncOperation"] = $"{BaseAddress}subscriptions/fake/providers/Microsoft.ContainerInstance/locations/westeurope/operations/{operation}?api-version=2023-05-01";
                    context.Response.Headers.RetryAfter = "0";
                    await Respond(context, 201, resource);
                    return;
                }

            case "GET":
                {
                    var group = Group(name);
                    await Respond(context, group is null ? 404 : 200, group ?? Error("ResourceNotFound", name));
                    return;
                }

            case "PATCH":
                {
                    var patch = JsonNode.Parse(body)!.AsObject();
                    JsonObject? updated;
                    lock (gate)
                    {
                        if (groups.TryGetValue(name, out var group))
                        {
                            group["tags"] = patch["tags"]?.DeepClone() ?? new JsonObject();
                            updated = (JsonObject)group.DeepClone();
                        }
                        else
                        {
                            updated = null;
                        }
                    }

                    await Respond(context, updated is null ? 404 : 200, updated ?? Error("ResourceNotFound", name));
                    return;
                }

            case "DELETE":
                {
                    string? operation = null;
                    lock (gate)
                    {
                        if (groups.ContainsKey(name))
                        {
                            operation = StartOperation(name, deleting: true);
                        }
                    }

                    if (operation is null)
                    {
                        context.Response.StatusCode = 204;
                        return;
                    }

                    context.Response.Headers.Location = $"{BaseAddress}subscriptions/fake/providers/Microsoft.ContainerInstance/locations/westeurope/operationResults/{operation}?api-version=2023-05-01";
                    context.Response.Headers.RetryAfter = "0";
                    context.Response.StatusCode = 202;
                    return;
                }

            default:
                await Respond(context, 405, Error("MethodNotAllowed", context.Request.Method));
                return;
        }
    }

    private string StartOperation(string name, bool deleting)
    {
        var id = $"op-{++nextOperation}";
        operations[id] = new PendingOperation(name, deleting, PollsBeforeDone);
        return id;
    }

    /// <summary>Advances an operation by one poll; true once it has completed (and applied its effect).</summary>
    private bool Advance(string id)
    {
        lock (gate)
        {
            var operation = operations[id];
            if (operation.RemainingPolls > 0)
            {
                operations[id] = operation with { RemainingPolls = operation.RemainingPolls - 1 };
                return false;
            }

            if (operation.Deleting)
            {
                groups.Remove(operation.GroupName);
            }
            else if (groups.TryGetValue(operation.GroupName, out var group))
            {
                group["properties"]!["provisioningState"] = "Succeeded";
                // ARM assigns the group its address in the subnet once it is provisioned.
                group["properties"]!["ipAddress"] ??= new JsonObject { ["type"] = "Private" };
                group["properties"]!["ipAddress"]!["ip"] = $"10.0.3.{++nextAddress}";
            }

            return true;
        }
    }

    private async Task PollAsyncOperation(HttpContext context, string id)
    {
        var done = Advance(id);
        context.Response.Headers.RetryAfter = "0";
        await Respond(context, 200, new JsonObject { ["id"] = id, ["status"] = done ? "Succeeded" : "InProgress" });
    }

    private Task PollLocation(HttpContext context, string id)
    {
        var done = Advance(id);
        context.Response.Headers.RetryAfter = "0";
        context.Response.StatusCode = done ? 204 : 202;
        return Task.CompletedTask;
    }

    private async Task ListResources(HttpContext context)
    {
        var filter = context.Request.Query["$filter"].ToString();
        var value = new JsonArray();
        lock (gate)
        {
            foreach (var group in groups.Values)
            {
                if (filter.Length > 0 && !filter.Contains((string)group["type"]!, StringComparison.Ordinal))
                {
                    continue;
                }

                value.Add(new JsonObject
                {
                    ["id"] = group["id"]!.DeepClone(),
                    ["name"] = group["name"]!.DeepClone(),
                    ["type"] = group["type"]!.DeepClone(),
                    ["location"] = group["location"]?.DeepClone(),
                    ["tags"] = group["tags"]?.DeepClone(),
                    ["provisioningState"] = group["properties"]!["provisioningState"]!.DeepClone(),
                });
            }
        }

        await Respond(context, 200, new JsonObject { ["value"] = value });
    }

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task Respond(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private sealed record PendingOperation(string GroupName, bool Deleting, int RemainingPolls);
}
