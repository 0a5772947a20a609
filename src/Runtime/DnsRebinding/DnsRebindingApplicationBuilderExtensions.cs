using Microsoft.AspNetCore.Builder;

namespace DynamoMcp.Runtime.DnsRebinding;

public static class DnsRebindingApplicationBuilderExtensions
{
    /// <summary>
    /// Refuses (403) requests whose Host or Origin the allowlists in <paramref name="options"/> do not admit; add it
    /// first, so that no endpoint, authentication or rate limit answers a rebinding page. Throws
    /// <see cref="ArgumentException"/> for a bad allowlist entry.
    /// </summary>
    public static IApplicationBuilder UseDnsRebindingProtection(this IApplicationBuilder app, DnsRebindingProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var policy = HostOriginPolicy.Create(options.AllowedHosts, options.AllowedOrigins);
        return app.UseMiddleware<DnsRebindingProtectionMiddleware>(policy, options);
    }
}
