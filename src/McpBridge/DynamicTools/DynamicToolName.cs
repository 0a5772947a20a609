using System.Security.Cryptography;
using System.Text;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>
/// The name of a resource's own tool, <c>&lt;prefix&gt;&lt;resource&gt;</c> (<c>scaffold_</c>, <c>workflow_</c>), fitted to
/// the MCP tool-name rules (1–64 characters of A–Z, a–z, 0–9, '_' and '-'). Longer names keep a hash so two resources
/// never collide.
/// </summary>
public static class DynamicToolName
{
    private const int MaxLength = 64;

    public static string For(string prefix, string resourceName)
    {
        var cleaned = new StringBuilder(prefix.Length + resourceName.Length).Append(prefix);
        foreach (var c in resourceName)
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        if (cleaned.Length <= MaxLength)
        {
            return cleaned.ToString();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resourceName)))[..8];
        return cleaned.ToString(0, MaxLength - 9) + "_" + hash;
    }
}
