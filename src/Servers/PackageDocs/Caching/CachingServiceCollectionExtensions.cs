using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DynamoMcp.PackageDocs.Caching;

public static class CachingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the answer cache, its metrics, the warmer and the background refresher, over memory — or over Redis when
    /// <paramref name="redis"/> has a configuration string (a Redis that is down then degrades to memory, it does not stop
    /// the host). The options are validated here, at start-up.
    /// </summary>
    public static IServiceCollection AddAnswerCache(this IServiceCollection services, AnswerCacheOptions options, RedisAnswerStoreOptions? redis = null)
    {
        if (options.Validate() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new AnswerCacheMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(_ => new MemoryAnswerStore(options.MemoryCapacity));
        if (redis is { Configuration.Length: > 0 })
        {
            services.AddSingleton(redis);
            services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnections.FailFast(redis.Configuration)));
            services.AddSingleton<IAnswerStore>(sp => new RedisAnswerStore(
                sp.GetRequiredService<IConnectionMultiplexer>(), redis, sp.GetRequiredService<MemoryAnswerStore>(), sp.GetRequiredService<ILogger<RedisAnswerStore>>()));
        }
        else
        {
            services.AddSingleton<IAnswerStore>(sp => sp.GetRequiredService<MemoryAnswerStore>());
        }

        services.AddSingleton<AnswerCache>();
        services.AddSingleton<IAnswerCache>(sp => sp.GetRequiredService<AnswerCache>());
        services.AddSingleton<CacheWarmer>();
        services.AddSingleton<CacheRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheRefresher>());
        return services;
    }
}
