using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Caching;

/// <summary>
/// Every <see cref="AnswerCacheOptions.RefresherPeriod"/>, re-fetches the answers older than the refresh interval, so that
/// callers of popular keys rarely meet a stale one.
/// </summary>
public sealed partial class CacheRefresher(IAnswerCache cache, AnswerCacheOptions options, TimeProvider time, ILogger<CacheRefresher> logger)
    : BackgroundService
{
    // Made here, not in ExecuteAsync (which runs on a thread of its own since .NET 10): the period counts from construction.
    private readonly PeriodicTimer timer = new(options.RefresherPeriod, time);
    /// <summary>Completed passes, for tests and the status endpoint.</summary>
    public int Passes => Volatile.Read(ref passes);

    private int passes;

    /// <summary>Raised after each pass with its report.</summary>
    public event Action<RefreshReport>? PassCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            RefreshReport report;
            try
            {
                report = await cache.RefreshDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A store failure here must not end the refresher; the next tick tries again.
                LogPassFailed(e, e.Message);
                report = new RefreshReport(0, 0);
            }

            if (report.Refreshed + report.Failed > 0)
            {
                LogPass(report.Refreshed, report.Failed);
            }

            Interlocked.Increment(ref passes);
            PassCompleted?.Invoke(report);
        }
    }

    public override void Dispose()
    {
        timer.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cache refresh: {Refreshed} answers refreshed, {Failed} failed")]
    private partial void LogPass(int refreshed, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A cache refresh pass failed: {Error}")]
    private partial void LogPassFailed(Exception exception, string error);
}
