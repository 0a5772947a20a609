using DynamoMcp.PackageDocs.Registry;
using ModelContextProtocol;

namespace DynamoMcp.PackageDocs.Tools;

/// <summary>
/// Turns what a person can act on (a bad argument, an unknown package, a registry that is down and nothing cached) into
/// an MCP tool error with that message; anything else stays an exception (the SDK reports it without internals).
/// </summary>
public static class AnswerErrors
{
    public static async Task<T> AsToolErrorAsync<T>(Func<Task<T>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        try
        {
            return await answer().ConfigureAwait(false);
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            throw new McpException(message, e);
        }
    }

    /// <summary>The message for a caller, or null when <paramref name="e"/> is not the caller's to act on.</summary>
    public static string? Describe(Exception e) => e switch
    {
        RegistryException r => r.Message,
        ArgumentException a => a.Message.Replace(" (Parameter 'query')", "", StringComparison.Ordinal),
        _ => null,
    };
}
