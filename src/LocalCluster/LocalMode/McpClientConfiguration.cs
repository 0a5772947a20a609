using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>The snippet a person pastes into an MCP client (Claude Desktop, Cursor, VS Code) to reach the local bridge.</summary>
public static class McpClientConfiguration
{
    public static string Render(Uri mcpEndpoint)
    {
        var document = new JsonObject
        {
            ["mcpServers"] = new JsonObject
            {
                ["dynamo-mcp"] = new JsonObject
                {
                    ["type"] = "http",
                    ["url"] = mcpEndpoint.ToString(),
                },
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
