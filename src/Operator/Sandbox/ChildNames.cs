using System.Security.Cryptography;
using System.Text;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// Deterministic child names (owner + purpose + short hash of what matters) and spec hashes, so a restarted operator
/// finds the children it created instead of creating them twice.
/// </summary>
public static class ChildNames
{
    /// <summary>Jobs put their name into the pod label job-name, so names stay within a label value's 63 characters.</summary>
    public const int MaxLength = 63;

    /// <summary>Lower-case hex SHA-256 of the JSON form of <paramref name="value"/>.</summary>
    public static string Hash(object? value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(k8s.KubernetesJson.Serialize(value))));

    /// <summary><c>owner-purpose-hash10</c>, the owner name cut so the whole fits <see cref="MaxLength"/>.</summary>
    public static string For(string owner, string purpose, string hash, string? suffix = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentException.ThrowIfNullOrEmpty(hash);
        var tail = $"-{purpose}-{hash[..Math.Min(10, hash.Length)]}{(suffix is null ? "" : "-" + suffix)}";
        var room = MaxLength - tail.Length;
        var head = owner.Length <= room ? owner : owner[..room].TrimEnd('-', '.');
        return head + tail;
    }

    /// <summary><c>owner-suffix</c> for a child there is one of per owner, the owner name cut to fit <see cref="MaxLength"/>.</summary>
    public static string WithSuffix(string owner, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        var room = MaxLength - suffix.Length - 1;
        var head = owner.Length <= room ? owner : owner[..room].TrimEnd('-', '.');
        return head + "-" + suffix;
    }
}
