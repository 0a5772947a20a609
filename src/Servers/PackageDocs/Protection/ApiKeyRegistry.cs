namespace DynamoMcp.PackageDocs.Protection;

/// <summary>The configured keys, looked up by hashing the presented key and comparing it with every hash in constant time.</summary>
public sealed class ApiKeyRegistry
{
    private readonly string pepper;
    private readonly (byte[] Hash, CallerIdentity Identity)[] keys;

    public ApiKeyRegistry(ProtectionOptions options)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        pepper = options.Pepper;
        keys = options.Keys
            .Select(k => (Bytes: Convert.FromHexString(k.Hash), Key: k))
            .Select(k => (k.Bytes, new CallerIdentity(k.Key.Class, $"key:{Convert.ToHexStringLower(k.Bytes, 0, 8)}", k.Key.Owner)))
            .ToArray();
    }

    public int Count => keys.Length;

    /// <summary>The identity of <paramref name="presentedKey"/>, or null when no configured key matches.</summary>
    public CallerIdentity? Identify(string presentedKey)
    {
        if (presentedKey.Length == 0 || keys.Length == 0)
        {
            return null;
        }

        var hash = ApiKeyHasher.HashBytes(presentedKey, pepper);
        CallerIdentity? found = null;
        // Every hash is compared, so the time taken does not tell which (or whether an early) entry matched.
        foreach (var (expected, identity) in keys)
        {
            if (ApiKeyHasher.Matches(hash, expected))
            {
                found = identity;
            }
        }

        return found;
    }
}
