using Neuron.Runner;

// Settings sit beside the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddRunner();
var app = builder.Build();
app.UseRunner();
app.Run();

/// <summary>Entry point; public so tests can host the agent with WebApplicationFactory.</summary>
public partial class Program;
