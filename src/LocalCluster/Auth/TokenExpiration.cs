namespace DynamoMcp.LocalCluster.Auth;

/// <summary>The API server's bounds on a requested token lifetime (TokenRequest and projected serviceAccountToken sources).</summary>
internal static class TokenExpiration
{
    public const long DefaultSeconds = 3600;

    public const long MinSeconds = 600;

    public const long MaxSeconds = 1L << 32;

    /// <summary>Null when <paramref name="seconds"/> is allowed, else the API server's wording of why not.</summary>
    public static string? Problem(long seconds) => seconds switch
    {
        < MinSeconds => "may not specify a duration less than 10 minutes",
        > MaxSeconds => "may not specify a duration larger than 2^32 seconds",
        _ => null,
    };
}
