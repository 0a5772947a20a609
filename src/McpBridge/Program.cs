using DynamoMcp.McpBridge.Hosting;

// Standalone bridge: dotnet run --project src/McpBridge -- --kubeconfig <file> [--Bridge:Stateless=true] [--urls http://0.0.0.0:8080]
if (BridgeUsage.IsHelpRequest(args))
{
    BridgeUsage.Write(Console.Out);
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDynamoMcpBridge(builder.Configuration);
var app = builder.Build();
app.MapDynamoMcpBridge();
await app.RunAsync();
return 0;
