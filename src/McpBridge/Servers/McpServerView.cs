using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Servers;

/// <summary>What the registry tools say about one cached McpServer, read from its typed spec and status.</summary>
public sealed record McpServerView(
    string Name,
    string Namespace,
    string Transport,
    bool Ready,
    string? Phase,
    int ToolCount,
    string? Url,
    string? StatusMessage,
    McpServer Server)
{
    public static McpServerView From(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var status = server.Status;
        var conditions = status?.Conditions;
        var ready = conditions.IsTrue(ConditionTypes.Ready);
        return new McpServerView(
            server.Metadata.Name,
            server.Metadata.NamespaceProperty,
            McpTransportNames.Name(server.Spec.Transport),
            ready,
            status?.Phase?.ToString(),
            status?.ToolCount ?? status?.Tools?.Count ?? 0,
            status?.Url,
            ready ? null : NotReadyMessage(server),
            server);
    }

    /// <summary>Why it is not ready: Stalled first (needs a change), then Ready's own word, then Reconciling's.</summary>
    private static string NotReadyMessage(McpServer server)
    {
        var conditions = server.Status?.Conditions;
        var condition = conditions.IsTrue(ConditionTypes.Stalled) ? conditions.Find(ConditionTypes.Stalled)
            : conditions.Find(ConditionTypes.Ready) is { Message.Length: > 0 } r ? r
            : conditions.Find(ConditionTypes.Reconciling);
        if (condition is null)
        {
            return "waiting for the operator to start it";
        }

        var message = string.IsNullOrWhiteSpace(condition.Message) ? condition.Reason : $"{condition.Reason}: {condition.Message}";
        return Short(message);
    }

    // A crash-looping server's message carries its last log lines: the list keeps the first line, get_mcp_server has all.
    private static string Short(string message)
    {
        var firstLine = message.Split('\n', 2)[0].TrimEnd();
        return firstLine.Length > 300 ? firstLine[..300] + "…" : firstLine;
    }
}
