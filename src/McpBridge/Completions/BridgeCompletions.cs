using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tools;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Completions;

/// <summary>
/// <c>completion/complete</c> for the bridge's prompt and resource-template arguments: template, project and MCP
/// server names from the caches, and file paths of a project, all by prefix and in the caller's namespace (another
/// namespace only after the same access check the reads make).
/// </summary>
public sealed partial class BridgeCompletions(
    BridgeCaches caches, CallerResolver callers, NamespaceAccessGuard guard, ProjectResults results, ILogger<BridgeCompletions> logger)
{
    /// <summary>The most values one answer carries (the MCP limit); <c>hasMore</c> says when there were more.</summary>
    public const int MaxValues = 100;

    private static readonly CompleteResult Empty = new() { Completion = new Completion { Values = [] } };

    public async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        var request = context.Params ?? throw new McpException("completion/complete needs params: ref and argument.");
        var caller = callers.Resolve(context.User);
        var prefix = request.Argument.Value ?? "";
        var arguments = request.Context?.Arguments;
        string? Given(string name) => arguments is not null && arguments.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        try
        {
            return (request.Ref, request.Argument.Name) switch
            {
                (PromptReference { Name: "new_project" }, "template") => Bound(TemplateNames(caller.Namespace), prefix),
                (ResourceTemplateReference { Uri: { } uri }, "name") when uri.StartsWith("templates://", StringComparison.Ordinal) => Bound(TemplateNames(caller.Namespace), prefix),
                (ResourceTemplateReference { Uri: { } uri }, "name") when uri.StartsWith("mcpservers://", StringComparison.Ordinal) => Bound(ServerNames(caller.Namespace), prefix),
                (ResourceTemplateReference { Uri: { } uri }, "namespace") when uri.StartsWith("scaffolds://", StringComparison.Ordinal) => Bound([caller.Namespace], prefix),
                (ResourceTemplateReference { Uri: { } uri }, "name") when uri.StartsWith("scaffolds://", StringComparison.Ordinal) =>
                    Bound(await ScaffoldNamesAsync(caller, Given("namespace") ?? caller.Namespace, cancellationToken).ConfigureAwait(false), prefix),
                (ResourceTemplateReference { Uri: { } uri }, "path") when uri.StartsWith("scaffolds://", StringComparison.Ordinal) && Given("name") is { } project =>
                    Bound(await FilePathsAsync(caller, Given("namespace") ?? caller.Namespace, project, cancellationToken).ConfigureAwait(false), prefix),
                _ => Empty,
            };
        }
        catch (McpException e)
        {
            // No access, unknown project, unreadable result: a completion offers nothing rather than failing the client's typing.
            LogNoCompletions(logger, request.Argument.Name, e.Message);
            return Empty;
        }
    }

    /// <summary>The values starting with <paramref name="prefix"/> (ordinal, case-insensitive), at most <see cref="MaxValues"/>.</summary>
    public static CompleteResult Bound(IEnumerable<string> candidates, string prefix)
    {
        var matching = candidates.Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToList();
        return new CompleteResult
        {
            Completion = new Completion
            {
                Values = [.. matching.Take(MaxValues)],
                Total = matching.Count,
                HasMore = matching.Count > MaxValues,
            },
        };
    }

    private IEnumerable<string> TemplateNames(string @namespace) => caches.Templates.List(@namespace).Select(t => t.Metadata.Name);

    private IEnumerable<string> ServerNames(string @namespace) =>
        caches.McpServers.IsSynced ? caches.McpServers.List(@namespace).Select(s => s.Metadata.Name) : [];

    private async Task<IEnumerable<string>> ScaffoldNamesAsync(BridgeIdentity caller, string @namespace, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "read projects", cancellationToken, Kubernetes.CustomResourceKind.Scaffold).ConfigureAwait(false);
        return caches.Scaffolds.List(@namespace).Select(s => s.Metadata.Name);
    }

    private async Task<IEnumerable<string>> FilePathsAsync(BridgeIdentity caller, string @namespace, string project, CancellationToken cancellationToken) =>
        (await results.ListFilesAsync(caller, @namespace, project, cancellationToken).ConfigureAwait(false)).Select(f => f.Path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No completions for argument {Argument}: {Reason}")]
    private static partial void LogNoCompletions(ILogger logger, string argument, string reason);
}
