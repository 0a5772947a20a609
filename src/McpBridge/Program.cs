using DynamoMcp.McpBridge.Hosting;

// Standalone bridge: dotnet run --project src/McpBridge -- --kubeconfig <file> [--Bridge:SessionMode=Stateless] [--urls http://0.0.0.0:8080] [--allowed-host mcp.example.com]
if (BridgeUsage.IsHelpRequest(args))
{
    BridgeUsage.Write(Console.Out);
    return 0;
}

BridgeArguments arguments;
try
{
    arguments = BridgeArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message} See --help.");
    return 2;
}

var builder = WebApplication.CreateBuilder([.. arguments.Remaining]);
arguments.AddTo(builder.Configuration);
builder.Services.AddDynamoMcpBridge(builder.Configuration);
var app = builder.Build();
app.MapDynamoMcpBridge();
await app.RunAsync();
return 0;
