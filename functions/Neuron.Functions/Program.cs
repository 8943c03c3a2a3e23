using Neuron.Functions;
using Neuron.Functions.Hosting;

// Content root = the app folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var mode = HostingMode.From(builder.Configuration);
if (mode.UnderFunctionsHost)
{
    // The Functions host forwards HTTP requests and trigger invocations to this port on loopback.
    builder.WebHost.UseUrls($"http://127.0.0.1:{mode.CustomHandlerPort}");
}
else if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls(HostingMode.LocalDefaultUrl);
}

builder.AddNeuronFunctions();
var app = builder.Build();
app.MapNeuronFunctions();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
