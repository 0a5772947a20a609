using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>
/// The deterministic name of a child, <c>&lt;run&gt;-&lt;step&gt;[-&lt;item&gt;]-&lt;attempt&gt;</c>, a DNS-1123 label: so a
/// restarted operator finds and adopts the child it created rather than creating it twice.
/// </summary>
public static class ChildNames
{
    public const int MaxLength = 63;

    /// <summary>The name as is when it fits; else the run/step part shortened, with 8 hex of the SHA-256 of the full name.</summary>
    public static string For(string run, string step, int? item, int attempt)
    {
        ArgumentException.ThrowIfNullOrEmpty(run);
        ArgumentException.ThrowIfNullOrEmpty(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var suffix = (item is { } i ? "-" + i.ToString(CultureInfo.InvariantCulture) : "") + "-" + attempt.ToString(CultureInfo.InvariantCulture);
        var full = run + "-" + step + suffix;
        var label = Sanitize(run + "-" + step);
        if (label.Length + suffix.Length <= MaxLength && string.Equals(label + suffix, full, StringComparison.Ordinal))
        {
            return full;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..8];
        var room = MaxLength - suffix.Length - hash.Length - 1;
        var prefix = label[..Math.Min(room, label.Length)].Trim('-');
        return (prefix.Length == 0 ? "" : prefix + "-") + hash + suffix;
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? c : '-').ToArray();
        return new string(chars).Trim('-');
    }
}
