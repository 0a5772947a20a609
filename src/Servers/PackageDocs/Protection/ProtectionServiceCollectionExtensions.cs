using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DynamoMcp.PackageDocs.Protection;

public static class ProtectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the keys, the limiter and (unless an <see cref="IRateLimitCounter"/> is registered already, e.g. the Redis
    /// one) in-memory counters. The options are validated here, at start-up: a bad hash or a missing pepper stops the host.
    /// </summary>
    public static IServiceCollection AddApiKeyProtection(this IServiceCollection services, ProtectionOptions options)
    {
        if (options.Validate() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<MemoryRateLimitCounter>();
        services.TryAddSingleton<IRateLimitCounter>(sp => sp.GetRequiredService<MemoryRateLimitCounter>());
        services.AddSingleton<HourlyRateLimiter>();
        return services;
    }
}
