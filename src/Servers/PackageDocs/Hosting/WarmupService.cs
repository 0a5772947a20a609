using DynamoMcp.PackageDocs.Answers;
using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Curation;
using Microsoft.Extensions.Hosting;

namespace DynamoMcp.PackageDocs.Hosting;

/// <summary>
/// Warms the cache with the curated packages once at start (the background refresher keeps them fresh after); the server
/// is ready when this has run, whether or not every package could be fetched (a package that could not is fetched on
/// its first call, and the report on /readyz says which).
/// </summary>
public sealed class WarmupService(CuratedSet curated, CuratedPackagesOptions options, PackageDocsAnswers answers, CacheWarmer warmer, WarmupState state) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var byKey = curated.Packages.ToDictionary(p => PackageDocsAnswers.PackageKey(p.Ecosystem, p.Name), StringComparer.Ordinal);
        var report = await warmer.WarmAsync(
            [.. byKey.Keys],
            (key, ct) => answers.FetchPackageAsync(byKey[key].Ecosystem, byKey[key].Name, ct),
            Math.Max(1, options.WarmupParallelism),
            stoppingToken).ConfigureAwait(false);
        state.Complete(report);
    }
}
