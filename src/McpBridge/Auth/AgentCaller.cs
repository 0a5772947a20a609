namespace DynamoMcp.McpBridge.Auth;

/// <summary>
/// The agent a call comes from (its Job's projected service-account token, checked with a TokenReview): the Agent's
/// name in the caller's namespace and the tools its spec allows. spawn_agent makes an agent caller the parent of the
/// agent it creates; tools outside <see cref="Tools"/> are neither listed nor callable.
/// </summary>
public sealed record AgentCaller(string Name, IReadOnlyList<string> Tools)
{
    /// <summary>Whether <paramref name="tool"/> is in the allowlist: a name, or a prefix ending in <c>*</c>.</summary>
    public bool Allows(string tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return Tools.Any(t => t.EndsWith('*') ? tool.StartsWith(t[..^1], StringComparison.Ordinal) : string.Equals(t, tool, StringComparison.Ordinal));
    }
}
