using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>A tool the gateway exposes: its gateway name, where it comes from, and its definition under that name.</summary>
/// <param name="Name">The gateway name (<c>server__tool</c>, possibly hashed; see <see cref="GatewayToolName"/>).</param>
/// <param name="ServerName">The McpServer that serves it.</param>
/// <param name="UpstreamName">The name to call upstream, unchanged.</param>
/// <param name="Definition">The upstream definition with <see cref="Tool.Name"/> set to <paramref name="Name"/>.</param>
public sealed record GatewayTool(string Name, string ServerName, string UpstreamName, Tool Definition)
{
    /// <summary>A shallow copy of <paramref name="tool"/> under another name and description (schemas and _meta shared).</summary>
    internal static Tool Copy(Tool tool, string name, string? description) => new()
    {
        Name = name,
        Title = tool.Title,
        Description = description,
        InputSchema = tool.InputSchema,
        OutputSchema = tool.OutputSchema,
        Annotations = tool.Annotations,
        Icons = tool.Icons,
        Meta = tool.Meta,
    };
}
