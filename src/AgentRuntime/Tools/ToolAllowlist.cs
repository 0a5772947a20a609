namespace DynamoMcp.AgentRuntime.Tools;

/// <summary>The agent's <c>tools</c>: exact tool names, or prefixes ending in <c>*</c> (<c>memory__*</c>; a lone <c>*</c> allows all).</summary>
internal static class ToolAllowlist
{
    public static bool Permits(IReadOnlyList<string> patterns, string toolName)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.EndsWith('*')
                ? toolName.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
                : string.Equals(pattern, toolName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
