using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>Per-identity token bucket on the MCP endpoints (section <c>Bridge:RateLimit</c>).</summary>
public sealed class BridgeRateLimitOptions
{
    [Description("Rate-limit each identity (per client address before authentication); over the limit gets 429 + Retry-After.")]
    public bool Enabled { get; set; } = true;

    /// <summary>Burst size: requests an identity may send at once.</summary>
    [Description("Burst: requests an identity may send at once.")]
    [Range(1, 1_000_000)]
    public int TokenLimit { get; set; } = 100;

    /// <summary>Tokens added every <see cref="ReplenishmentPeriod"/>.</summary>
    [Description("Requests added back every ReplenishmentPeriod.")]
    [Range(1, 1_000_000)]
    public int TokensPerPeriod { get; set; } = 50;

    [Description("Token bucket period.")]
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
