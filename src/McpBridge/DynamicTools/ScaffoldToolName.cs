using System.Security.Cryptography;
using System.Text;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>
/// The name of a template's own tool: <c>scaffold_&lt;template&gt;</c>, fitted to the MCP tool-name rules
/// (1–64 characters of A–Z, a–z, 0–9, '_' and '-'). Longer names keep a hash so two templates never collide.
/// </summary>
public static class ScaffoldToolName
{
    public const string Prefix = "scaffold_";
    private const int MaxLength = 64;

    public static string For(string templateName)
    {
        var cleaned = new StringBuilder(Prefix.Length + templateName.Length).Append(Prefix);
        foreach (var c in templateName)
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        if (cleaned.Length <= MaxLength)
        {
            return cleaned.ToString();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(templateName)))[..8];
        return cleaned.ToString(0, MaxLength - 9) + "_" + hash;
    }
}
