using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.McpServers;

/// <summary>
/// What the CRD's CEL rules say, checked again by the operator (a cluster without CEL, LocalCluster), plus what CEL
/// cannot see: every problem, each naming its field. Pure.
/// </summary>
public static class McpServerSpecCheck
{
    public static IReadOnlyList<string> Problems(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var spec = server.Spec;
        var problems = new List<string>();
        var hasImage = !string.IsNullOrWhiteSpace(spec.Image);
        if (hasImage == (spec.Remote is not null))
        {
            problems.Add("set exactly one of spec.image (a server the operator runs) and spec.remote (a server elsewhere)");
        }

        if (spec.Remote is { } remote)
        {
            if (!Uri.TryCreate(remote.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problems.Add($"spec.remote.url '{remote.Url}' is not an http(s) URL");
            }

            if (spec.Transport == McpTransport.Stdio)
            {
                problems.Add("spec.transport is stdio, but a remote server speaks streamable-http or sse");
            }
        }

        if (hasImage && spec.Transport == McpTransport.Stdio && spec.Command is not { Count: > 0 })
        {
            problems.Add("a stdio server needs spec.command (for example [npx, -y, @modelcontextprotocol/server-everything]): the operator runs it behind its stdio front and cannot read the image's entrypoint");
        }

        foreach (var group in (spec.ToolFilter?.Overrides ?? []).Where(o => o.Rename is not null).GroupBy(o => o.Rename, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"spec.toolFilter.overrides rename {string.Join(" and ", group.Select(o => o.Name))} to the same name '{group.Key}'");
        }

        return problems;
    }
}
