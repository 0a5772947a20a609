namespace DynamoMcp.PackageDocs.Registry;

/// <summary>How one registry client reaches its registry; the base URL may point at a private mirror.</summary>
public sealed class RegistryClientOptions
{
    public const string PyPiDefault = "https://pypi.org";
    public const string NpmDefault = "https://registry.npmjs.org";

    public required Uri BaseUrl { get; init; }

    /// <summary>Per attempt, not for the whole call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts in all (the first one included).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the second attempt; it doubles each time up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(4);

    public void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"Registry base URL '{BaseUrl}' must be an absolute http(s) URL, e.g. {NpmDefault}.");
        }

        if (MaxAttempts < 1 || Timeout <= TimeSpan.Zero || InitialBackoff < TimeSpan.Zero)
        {
            throw new ArgumentException($"Registry client for {BaseUrl}: MaxAttempts must be ≥ 1 and Timeout > 0 (got {MaxAttempts}, {Timeout}).");
        }
    }
}
