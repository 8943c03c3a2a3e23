using System.Runtime.CompilerServices;
using Microsoft.Azure.Functions.Worker.Builder;
using Neuron.Functions;
using Neuron.Functions.Hosting;

var catalog = FunctionCatalog.Discover();
if (HostingMode.UnderFunctionsHost(args))
{
    RunUnderFunctionsHost(args, catalog);
    return;
}

// Local mode: the same functions as a plain ASP.NET Core app with its own queue listeners and timers.
// Content root = the app folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
    builder.WebHost.UseUrls(HostingMode.LocalDefaultUrl);
builder.AddNeuronFunctions(catalog).AddLocalTriggers(catalog);
var app = builder.Build();
app.UseStatusCodePages();
app.MapLocalHttpFunctions();
app.Run();

// Azure: the Functions host routes HTTP requests and runs the triggers; this is its isolated worker. A method of its
// own, so that local mode does not load the worker's assemblies when the entry point is compiled.
[MethodImpl(MethodImplOptions.NoInlining)]
static void RunUnderFunctionsHost(string[] args, FunctionCatalog catalog)
{
    var worker = FunctionsApplication.CreateBuilder(args);
    worker.UseFunctionsHost();
    worker.AddNeuronFunctions(catalog);
    worker.Build().Run();
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
