using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// List-then-watch of one kind across all namespaces, as an informer does: watch from the list's resourceVersion,
/// re-watch from the last seen one when the server ends the stream, relist on 410 Gone, back off on errors.
/// </summary>
internal sealed class ResourceWatch<T, TList>(
    string kind,
    Func<CancellationToken, Task<TList>> list,
    Func<string, CancellationToken, Task<HttpOperationResponse<TList>>> watch,
    Func<IList<T>, Task> onList,
    Func<WatchEventType, T, Task> onEvent,
    ILogger logger)
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var listed = await list(cancellationToken).ConfigureAwait(false);
                var resourceVersion = listed.Metadata?.ResourceVersion ?? "";
                await onList(listed.Items).ConfigureAwait(false);
                failures = 0;
                var gone = false;
                while (!gone && !cancellationToken.IsCancellationRequested)
                {
                    Exception? error = null;
#pragma warning disable CS0618 // Marked obsolete in 21.x, yet the only typed watch that takes a resourceVersion.
                    var stream = watch(resourceVersion, cancellationToken)
                        .WatchAsync<T, TList>(e => error ??= e, cancellationToken);
#pragma warning restore CS0618
                    await foreach (var (type, item) in stream.ConfigureAwait(false))
                    {
                        if (item?.Metadata?.ResourceVersion is { Length: > 0 } rv)
                        {
                            resourceVersion = rv;
                        }

                        if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                        {
                            await onEvent(type, item!).ConfigureAwait(false);
                        }

                        if (IsGone(error))
                        {
                            break;
                        }
                    }

                    if (IsGone(error))
                    {
                        logger.LogInformation("Watch of {Kind} expired (410 Gone); listing again", kind);
                        gone = true;
                    }
                    else if (error is not null and not OperationCanceledException)
                    {
                        throw error;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 200 * Math.Pow(2, Math.Min(failures, 6))));
                logger.LogWarning(e, "Watch of {Kind} failed; retrying in {Delay}", kind, delay);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static bool IsGone(Exception? error) =>
        error is KubernetesException { Status.Code: 410 }
        || error is HttpOperationException { Response.StatusCode: HttpStatusCode.Gone };
}
