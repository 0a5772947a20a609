using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>Kubernetes object names the bridge accepts or generates.</summary>
public static partial class ResourceNames
{
    public static bool IsValid(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    public static string RequireValid(string name, string what) =>
        IsValid(name)
            ? name
            : throw new ModelContextProtocol.McpException(
                $"'{name}' is not a valid {what} name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit.");

    /// <summary>A fresh name for a child of <paramref name="prefix"/>: prefix-xxxxx, cut to fit 63 characters.</summary>
    public static string Generate(string prefix)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var suffix = string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
        var head = prefix.Length > 57 ? prefix[..57].TrimEnd('-', '.') : prefix;
        return head + "-" + suffix;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();
}
