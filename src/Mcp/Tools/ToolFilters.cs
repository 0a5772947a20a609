using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;

namespace DynamoMcp.Mcp.Tools;

/// <summary>
/// Applies an McpServer's <c>spec.toolFilter</c> to the tools it lists: offered when allow is empty or matches, and deny
/// does not (deny wins); then renames and description overrides. Entries are names or globs (<c>*</c>, <c>?</c>). Pure;
/// the operator's status and the bridge's gateway use the same rules.
/// </summary>
public static class ToolFilters
{
    public static IReadOnlyList<McpTool> Apply(IEnumerable<DiscoveredTool> tools, ToolFilter? filter)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var overrides = (filter?.Overrides ?? []).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var offered = new List<McpTool>();
        foreach (var tool in tools)
        {
            if (!IsOffered(tool.Name, filter))
            {
                continue;
            }

            overrides.TryGetValue(tool.Name, out var change);
            offered.Add(new McpTool
            {
                Name = change?.Rename ?? tool.Name,
                ServerName = change?.Rename is null ? null : tool.Name,
                Title = tool.Title,
                Description = change?.Description ?? tool.Description,
                Annotations = Annotations(tool),
                InputSchemaDigest = tool.InputSchemaDigest,
            });
        }

        return offered;
    }

    /// <summary>Whether the filter offers the tool <paramref name="name"/>.</summary>
    public static bool IsOffered(string name, ToolFilter? filter)
    {
        ArgumentNullException.ThrowIfNull(name);
        var allowed = filter?.Allow is not { Count: > 0 } allow || allow.Any(p => Glob(p, name));
        return allowed && !(filter?.Deny ?? []).Any(p => Glob(p, name));
    }

    /// <summary><c>*</c> matches any run of characters, <c>?</c> one; everything else itself (case-sensitive, as tool names are).</summary>
    public static bool Glob(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                (p, t) = (p + 1, t + 1);
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                (star, resume) = (p++, t);
            }
            else if (star >= 0)
            {
                (p, t) = (star + 1, ++resume);
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static McpToolAnnotations? Annotations(DiscoveredTool tool)
    {
        if (tool.Annotations is not { } json)
        {
            return null;
        }

        bool? Hint(string name) => json[name] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;
        var annotations = new McpToolAnnotations
        {
            ReadOnlyHint = Hint("readOnlyHint"),
            DestructiveHint = Hint("destructiveHint"),
            IdempotentHint = Hint("idempotentHint"),
            OpenWorldHint = Hint("openWorldHint"),
        };
        return annotations is { ReadOnlyHint: null, DestructiveHint: null, IdempotentHint: null, OpenWorldHint: null } ? null : annotations;
    }
}
