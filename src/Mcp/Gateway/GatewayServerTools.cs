using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Tools;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>The tools one server offers through the gateway (after its tool filter), the catalog's input.</summary>
/// <param name="ServerName">The McpServer's name (a DNS-1123 label), the prefix of its gateway names.</param>
/// <param name="Tools">Its offered tools, in the upstream's order.</param>
public sealed record GatewayServerTools(string ServerName, IReadOnlyList<GatewayUpstreamTool> Tools)
{
    /// <summary>
    /// Applies <paramref name="filter"/> (<see cref="ToolFilters.IsOffered"/>, then renames and description overrides) to
    /// what the upstream listed.
    /// </summary>
    public static GatewayServerTools Filter(string serverName, IEnumerable<Tool> upstream, ToolFilter? filter)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(upstream);
        var overrides = (filter?.Overrides ?? []).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var offered = new List<GatewayUpstreamTool>();
        foreach (var tool in upstream)
        {
            if (!ToolFilters.IsOffered(tool.Name, filter))
            {
                continue;
            }

            if (!overrides.TryGetValue(tool.Name, out var change) || (change.Rename is null && change.Description is null))
            {
                offered.Add(new GatewayUpstreamTool(tool.Name, tool));
                continue;
            }

            offered.Add(new GatewayUpstreamTool(tool.Name, GatewayTool.Copy(tool, change.Rename ?? tool.Name, change.Description ?? tool.Description)));
        }

        return new GatewayServerTools(serverName, offered);
    }
}
