using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Faults;
using DynamoMcp.LocalCluster.Hosting;
using DynamoMcp.LocalCluster.Printing;
using DynamoMcp.LocalCluster.Resources;
using DynamoMcp.LocalCluster.Selectors;
using DynamoMcp.LocalCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace DynamoMcp.LocalCluster.Watch;

/// <summary>
/// Streams a watch as apiserver does: one JSON event per line (<c>{"type":"ADDED","object":{...}}</c>), resuming from a
/// resourceVersion (410 as an ERROR event when history no longer reaches it), BOOKMARK events when asked,
/// selector transitions turned into ADDED/DELETED, and an end after <c>timeoutSeconds</c>.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, FaultInjector faults, LocalClusterOptions options, TimeProvider clock)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task ServeAsync(HttpContext context, ResourceRequest parsed, CancellationToken requestAborted)
    {
        var request = context.Request;
        var response = context.Response;
        var query = request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"].FirstOrDefault());
        var fields = FieldSelector.Parse(query["fieldSelector"].FirstOrDefault());
        if (parsed.Name is not null)
        {
            fields = FieldSelector.Parse(string.Join(',', new[] { query["fieldSelector"].FirstOrDefault(), $"metadata.name={parsed.Name}" }.Where(s => !string.IsNullOrEmpty(s))));
        }
        var bookmarks = ResourceEndpoint.IsTrue(query["allowWatchBookmarks"]);
        var asTable = TablePrinter.Wants(request.Headers.Accept);
        var includeObject = query["includeObject"].FirstOrDefault();
        var rvText = query["resourceVersion"].FirstOrDefault();
        long? from = null;
        if (!string.IsNullOrEmpty(rvText) && rvText != "0")
        {
            if (!long.TryParse(rvText, CultureInfo.InvariantCulture, out var rv))
            {
                throw StatusBodies.BadRequest($"invalid resource version \"{rvText}\": resourceVersion must be an integer this server handed out");
            }
            from = rv;
        }
        var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var ts) && ts > 0 ? TimeSpan.FromSeconds(ts) : TimeSpan.FromMinutes(30);
        if (faults.CloseWatchesAfter is { } faultTimeout && faultTimeout < timeout)
        {
            timeout = faultTimeout;
        }
        var maxEvents = faults.CloseWatchesAfterEvents;

        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        WatchSubscription subscription;
        System.Collections.Immutable.ImmutableSortedDictionary<string, StoredObject>? initial;
        long startRevision;
        try
        {
            subscription = store.Subscribe(parsed.Type.StorageKey, from, out initial, out startRevision);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            // apiserver answers 200 and sends the 410 as an ERROR event; clients relist on it.
            await WriteLineAsync(response, new JsonObject { ["type"] = "ERROR", ["object"] = e.ToStatus() }, requestAborted);
            return;
        }
        using (subscription)
        using (var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted))
        {
            timeoutCts.CancelAfter(timeout);
            var ct = timeoutCts.Token;
            var sent = 0;
            var lastRevision = startRevision;
            try
            {
                await response.StartAsync(ct);
                if (initial is not null)
                {
                    foreach (var obj in ResourceEndpoint.Filter(initial.Values, parsed, request))
                    {
                        await WriteEventAsync(response, "ADDED", obj, parsed, asTable, includeObject, ct);
                        if (++sent >= maxEvents)
                        {
                            return;
                        }
                    }
                    if (bookmarks && ResourceEndpoint.IsTrue(query["sendInitialEvents"]))
                    {
                        await WriteBookmarkAsync(response, parsed, startRevision, initialEventsEnd: true, ct);
                    }
                }
                await response.Body.FlushAsync(ct);
                var bookmarkDue = Task.Delay(options.BookmarkInterval, clock, ct);
                while (true)
                {
                    var readable = subscription.Events.WaitToReadAsync(ct).AsTask();
                    var first = await Task.WhenAny(readable, bookmarkDue);
                    if (first == bookmarkDue)
                    {
                        if (ct.IsCancellationRequested)
                        {
                            return;
                        }
                        if (bookmarks)
                        {
                            var revision = store.Revision;
                            while (subscription.Events.TryRead(out var pending))
                            {
                                if (await SendAsync(pending) && ++sent >= maxEvents)
                                {
                                    return;
                                }
                            }
                            await WriteBookmarkAsync(response, parsed, Math.Max(revision, lastRevision), initialEventsEnd: false, ct);
                            await response.Body.FlushAsync(ct);
                        }
                        bookmarkDue = Task.Delay(options.BookmarkInterval, clock, ct);
                        continue;
                    }
                    if (!await readable)
                    {
                        return;
                    }
                    while (subscription.Events.TryRead(out var e))
                    {
                        if (await SendAsync(e) && ++sent >= maxEvents)
                        {
                            await response.Body.FlushAsync(ct);
                            return;
                        }
                    }
                    await response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException)
            {
                // Timeout or client gone: the stream just ends, as with apiserver.
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                // Fell too far behind; the client re-watches from its last resourceVersion.
            }

            async Task<bool> SendAsync(WatchEvent e)
            {
                lastRevision = e.Revision;
                if (parsed.Namespace.Length > 0 && e.Object.Namespace != parsed.Namespace)
                {
                    return false;
                }
                var now = labels.Matches(e.Object.Labels) && fields.Matches(e.Object);
                var before = e.Previous is not null && labels.Matches(e.Previous.Labels) && fields.Matches(e.Previous);
                var type = e.Type switch
                {
                    "MODIFIED" when now && !before => "ADDED",
                    "MODIFIED" when !now && before => "DELETED",
                    "MODIFIED" when !now => null,
                    _ when !now => null,
                    _ => e.Type,
                };
                if (type is null)
                {
                    return false;
                }
                await WriteEventAsync(response, type, e.Object, parsed, asTable, includeObject, ct);
                return true;
            }
        }
    }

    private async Task WriteEventAsync(HttpResponse response, string type, StoredObject obj, ResourceRequest parsed, bool asTable, string? includeObject, CancellationToken ct)
    {
        if (asTable)
        {
            var table = TablePrinter.Build(parsed.Type, parsed.Version, [ResponseWriter.Json(obj, parsed.Type, parsed.Version)], includeObject,
                new JsonObject { ["resourceVersion"] = obj.Revision.ToString(CultureInfo.InvariantCulture) }, clock.GetUtcNow());
            await WriteLineAsync(response, new JsonObject { ["type"] = type, ["object"] = table }, ct);
            return;
        }
        var prefix = type switch
        {
            "ADDED" => "{\"type\":\"ADDED\",\"object\":"u8,
            "MODIFIED" => "{\"type\":\"MODIFIED\",\"object\":"u8,
            _ => "{\"type\":\"DELETED\",\"object\":"u8,
        };
        var bytes = ResponseWriter.Bytes(obj, parsed.Type, parsed.Version);
        var buffer = new byte[prefix.Length + bytes.Length + 2];
        prefix.CopyTo(buffer);
        bytes.CopyTo(buffer, prefix.Length);
        buffer[^2] = (byte)'}';
        buffer[^1] = (byte)'\n';
        await response.Body.WriteAsync(buffer, ct);
    }

    private static Task WriteBookmarkAsync(HttpResponse response, ResourceRequest parsed, long revision, bool initialEventsEnd, CancellationToken ct)
    {
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture), ["creationTimestamp"] = null };
        if (initialEventsEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        return WriteLineAsync(response, new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = parsed.Type.Kind, ["apiVersion"] = parsed.Type.ApiVersion(parsed.Version), ["metadata"] = meta },
        }, ct);
    }

    private static async Task WriteLineAsync(HttpResponse response, JsonObject line, CancellationToken ct)
    {
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(line), ct);
        await response.Body.WriteAsync(NewLine, ct);
        await response.Body.FlushAsync(ct);
    }
}
