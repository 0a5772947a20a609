using System.ComponentModel.DataAnnotations;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>Per-identity token bucket on the MCP endpoints (section <c>Bridge:RateLimit</c>).</summary>
public sealed class BridgeRateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Burst size: requests an identity may send at once.</summary>
    [Range(1, 1_000_000)]
    public int TokenLimit { get; set; } = 100;

    /// <summary>Tokens added every <see cref="ReplenishmentPeriod"/>.</summary>
    [Range(1, 1_000_000)]
    public int TokensPerPeriod { get; set; } = 50;

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
