using System.Security.Cryptography;
using System.Text;

namespace DynamoMcp.PackageDocs.Protection;

/// <summary>
/// API keys as configuration holds them: HMAC-SHA-256 of the key under a per-deployment pepper, as lowercase hex. Keys
/// are random and long, so one keyed hash suffices (no slow KDF); the pepper keeps a leaked configuration from being
/// checked against guesses without the deployment's secret.
/// </summary>
public static class ApiKeyHasher
{
    /// <summary>The hash to put in <see cref="ConfiguredApiKey.Hash"/> for <paramref name="key"/>.</summary>
    public static string Hash(string key, string pepper)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(pepper);
        return Convert.ToHexStringLower(HashBytes(key, pepper));
    }

    /// <summary>Whether <paramref name="key"/> hashes to <paramref name="expectedHash"/>, compared in constant time.</summary>
    public static bool Verify(string key, string pepper, string expectedHash) =>
        TryParse(expectedHash, out var expected) && Matches(HashBytes(key, pepper), expected);

    /// <summary>Constant-time equality of two hashes (false for different lengths).</summary>
    public static bool Matches(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected) => CryptographicOperations.FixedTimeEquals(actual, expected);

    /// <summary>The bytes of a configured hash: 64 hex digits, either case.</summary>
    public static bool TryParse(string hash, out byte[] bytes)
    {
        bytes = [];
        if (hash.Length != 2 * HMACSHA256.HashSizeInBytes || !hash.All(Uri.IsHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(hash);
        return true;
    }

    internal static byte[] HashBytes(string key, string pepper) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(pepper), Encoding.UTF8.GetBytes(key));
}
