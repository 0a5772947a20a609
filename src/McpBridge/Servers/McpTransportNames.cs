using System.Reflection;
using System.Text.Json.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Servers;

/// <summary>
/// The wire names of <see cref="McpTransport"/> (stdio, streamable-http, sse), read from the Api's own
/// JsonStringEnumMemberName attributes so the bridge never spells them a second time.
/// </summary>
public static class McpTransportNames
{
    private static readonly IReadOnlyDictionary<McpTransport, string> Names = Enum.GetValues<McpTransport>().ToDictionary(
        t => t,
        t => typeof(McpTransport).GetField(t.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? t.ToString());

    /// <summary>Every name, in the enum's order, for messages and descriptions.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<McpTransport>().Select(t => Names[t])];

    public static string Name(McpTransport transport) => Names[transport];

    public static bool TryParse(string? text, out McpTransport transport)
    {
        foreach (var (value, name) in Names)
        {
            if (string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                transport = value;
                return true;
            }
        }

        transport = default;
        return false;
    }
}
