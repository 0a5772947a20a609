using System.Threading.Channels;
using DynamoMcp.McpBridge.Cache;
using k8s;
using k8s.Models;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// Waits for a resource in the cache to reach a state, reporting progress on every change the watch delivers
/// (no polling). Ends at the deadline with the last state seen; the caller's cancellation ends only the wait.
/// </summary>
public static class ResourceWaiter
{
    /// <param name="observe">Maps the current resource (null while absent) to a progress report and whether the wait is over.</param>
    /// <returns>True when <paramref name="observe"/> said done; false when the deadline passed first.</returns>
    public static async Task<bool> WaitAsync<T>(
        IResourceCache<T> cache,
        string @namespace,
        string name,
        Func<T?, (bool Done, ProgressNotificationValue? Progress)> observe,
        ProgressSink progress,
        TimeSpan deadline,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged(CacheEvent<T> e)
        {
            if (e.Name == name && e.Namespace == @namespace)
            {
                changes.Writer.TryWrite(true);
            }
        }

        cache.Changed += OnChanged;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(deadline);
            string? lastReport = null;
            while (true)
            {
                var (done, report) = observe(cache.Get(@namespace, name));
                var reportKey = report is null ? null : $"{report.Progress}|{report.Message}";
                if (report is not null && reportKey != lastReport)
                {
                    await progress.ReportAsync(report, cancellationToken).ConfigureAwait(false);
                    lastReport = reportKey;
                }

                if (done)
                {
                    return true;
                }

                try
                {
                    await changes.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
            }
        }
        finally
        {
            cache.Changed -= OnChanged;
        }
    }
}
