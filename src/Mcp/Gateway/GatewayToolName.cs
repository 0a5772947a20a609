using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>
/// The gateway's name for an upstream tool: <c>&lt;server&gt;__&lt;tool&gt;</c>. Pure.
/// </summary>
/// <remarks>
/// <para>
/// MCP limits tool names to 1–128 characters of <c>[A-Za-z0-9_.-]</c>. A server name is a DNS-1123 label (lower-case
/// letters, digits and <c>-</c>, at most 63), so it never holds <c>_</c> and the first <c>__</c> of a gateway name ends
/// the server part unambiguously, whatever the tool part holds (even a leading <c>_</c>).
/// </para>
/// <para>
/// A tool name that is valid and fits is kept as it is (<see cref="Compose"/> = <c>server__tool</c>). Otherwise it is
/// hashed: every character outside the set becomes <c>_</c>, the result is cut so the whole name fits in 128, and
/// <c>_</c> plus the first 8 hex digits of the SHA-256 of the original name (UTF-8) is appended. The same input always
/// gives the same name; the way back is the <see cref="GatewayToolCatalog"/>'s map, which keeps the upstream name.
/// </para>
/// </remarks>
public static class GatewayToolName
{
    /// <summary>Between the server's name and the tool's.</summary>
    public const string Separator = "__";

    /// <summary>The longest tool name MCP allows.</summary>
    public const int MaxLength = 128;

    /// <summary>The longest DNS-1123 label, and so the longest server name.</summary>
    public const int MaxServerNameLength = 63;

    private const int HashHexDigits = 8;

    private static readonly SearchValues<char> ToolNameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private static readonly SearchValues<char> ServerNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>
    /// <c>server__tool</c> when <paramref name="tool"/> is a valid MCP tool name and the whole fits in 128 characters;
    /// otherwise the hashed form (<see cref="ComposeHashed"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="server"/> is not a DNS-1123 label.</exception>
    public static string Compose(string server, string tool)
    {
        ValidateServer(server);
        ArgumentNullException.ThrowIfNull(tool);
        return IsValidToolName(tool) && server.Length + Separator.Length + tool.Length <= MaxLength
            ? server + Separator + tool
            : ComposeHashed(server, tool, salt: 0);
    }

    /// <summary>
    /// The hashed form: the tool's name with characters outside the set replaced by <c>_</c>, cut to fit, then
    /// <c>_</c> and 8 hex digits of SHA-256 over the original name (and, for <paramref name="salt"/> &gt; 0, <c>#salt</c>:
    /// the catalog's way out of a collision). Always a valid MCP tool name of at most 128 characters.
    /// </summary>
    public static string ComposeHashed(string server, string tool, int salt)
    {
        ValidateServer(server);
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentOutOfRangeException.ThrowIfNegative(salt);
        var hashed = salt == 0 ? tool : $"{tool}#{salt.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var suffix = "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashed)))[..HashHexDigits];
        var room = MaxLength - server.Length - Separator.Length - suffix.Length;
        var stem = new StringBuilder(Math.Min(tool.Length, room));
        foreach (var c in tool)
        {
            if (stem.Length == room)
            {
                break;
            }

            stem.Append(ToolNameChars.Contains(c) ? c : '_');
        }

        return server + Separator + stem + suffix;
    }

    /// <summary>
    /// Splits a gateway name at its first <c>__</c>: true when the part before is a DNS-1123 label and the part after is
    /// not empty. The tool part is the gateway's, not necessarily the upstream name (see <see cref="GatewayToolCatalog"/>).
    /// </summary>
    public static bool TryParse(string? name, out string server, out string toolPart)
    {
        server = "";
        toolPart = "";
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        var at = name.IndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0 || at + Separator.Length == name.Length || !IsServerName(name[..at]))
        {
            return false;
        }

        server = name[..at];
        toolPart = name[(at + Separator.Length)..];
        return true;
    }

    /// <summary>1–128 characters of <c>[A-Za-z0-9_.-]</c>, as MCP requires of a tool name.</summary>
    public static bool IsValidToolName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && !name.AsSpan().ContainsAnyExcept(ToolNameChars);

    /// <summary>A DNS-1123 label: 1–63 of <c>[a-z0-9-]</c>, starting and ending with a letter or digit.</summary>
    public static bool IsServerName(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxServerNameLength
        && !name.AsSpan().ContainsAnyExcept(ServerNameChars)
        && name[0] != '-'
        && name[^1] != '-';

    private static void ValidateServer(string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!IsServerName(server))
        {
            throw new ArgumentException(
                $"'{server}' is not an McpServer name (a DNS-1123 label: 1-63 lower-case letters, digits and '-'), so it cannot prefix a gateway tool name.",
                nameof(server));
        }
    }
}
