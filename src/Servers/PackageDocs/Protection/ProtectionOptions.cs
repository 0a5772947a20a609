namespace DynamoMcp.PackageDocs.Protection;

/// <summary>The standalone protection: which keys exist, the limits per class, and the paths that are never limited.</summary>
public sealed class ProtectionOptions
{
    public const string Section = "Protection";

    /// <summary>The per-deployment secret the key hashes were made with (<see cref="ApiKeyHasher.Hash"/>); needed once a key is configured.</summary>
    public string Pepper { get; set; } = "";

    public List<ConfiguredApiKey> Keys { get; set; } = [];

    public HourlyLimits Limits { get; set; } = new();

    /// <summary>The length of one counting window (fixed windows aligned to the epoch: whole hours by default).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Paths never authenticated nor limited (probes and the scraper), with anything below them.</summary>
    public List<string> UnlimitedPaths { get; set; } = ["/healthz", "/readyz", "/metrics"];

    /// <summary>Put before every counter key in Redis, when the counters are kept there.</summary>
    public string RedisKeyPrefix { get; set; } = "packagedocs:ratelimit:";

    /// <summary>Says what is wrong with these options, or null when they are usable.</summary>
    public string? Validate()
    {
        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(1))
        {
            return $"Protection:Window must be positive and at most a day (is {Window}).";
        }

        if (Limits.Anonymous < 0 || Limits.Keyed < 0 || Limits.OpenSource < 0)
        {
            return "Protection:Limits must not be negative (0 refuses every request of that class).";
        }

        if (Keys.Count > 0 && Pepper.Length < 16)
        {
            return "Protection:Pepper must be set (at least 16 characters) when Protection:Keys are configured: it is the secret the key hashes were made with.";
        }

        for (var i = 0; i < Keys.Count; i++)
        {
            if (!ApiKeyHasher.TryParse(Keys[i].Hash, out _))
            {
                return $"Protection:Keys:{i}:Hash (owner '{Keys[i].Owner}') is not a key hash: make one with ApiKeyHasher.Hash(key, pepper) (64 hex digits).";
            }

            if (Keys[i].Class == ApiKeyClass.Anonymous)
            {
                return $"Protection:Keys:{i} (owner '{Keys[i].Owner}') has the class Anonymous: a key is Keyed or OpenSource.";
            }
        }

        return null;
    }
}
