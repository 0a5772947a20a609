using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Authorization;
using DynamoMcp.LocalCluster.Faults;
using DynamoMcp.LocalCluster.Pods;
using DynamoMcp.LocalCluster.Printing;
using DynamoMcp.LocalCluster.Resources;
using DynamoMcp.LocalCluster.Selectors;
using DynamoMcp.LocalCluster.Storage;
using DynamoMcp.LocalCluster.Watch;
using Microsoft.AspNetCore.Http;

namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>
/// The one handler behind every <c>/api/v1/...</c> and <c>/apis/{group}/{version}/...</c> path: resolves the kind,
/// authorizes, and serves get/list/watch/create/update/patch/delete/deletecollection generically.
/// </summary>
internal sealed class ResourceEndpoint(ResourceService service, RbacAuthorizer authorizer, FaultInjector faults,
    ListSnapshotCache snapshots, WatchStreamer watches, IPodLogStore podLogs, TimeProvider clock, Auth.TokenEndpoints tokens)
{
    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var request = context.Request;
        var parsed = ResourceRequest.Parse(request.Method, request.Path.Value ?? "", IsTrue(request.Query["watch"]), service.Registry, out var notFound);
        if (parsed is null)
        {
            throw new ApiException(404, "NotFound", notFound ?? "the server could not find the requested resource", new JsonObject());
        }
        if (parsed.Verb.Length == 0)
        {
            throw StatusBodies.MethodNotAllowed($"the server does not allow this method on the requested resource: {request.Method} {request.Path}");
        }
        var user = context.Items[typeof(RequestUser)] as RequestUser ?? RequestUser.Admin;
        authorizer.Authorize(user, parsed.Verb, parsed.Type, parsed.Namespace, parsed.Name, parsed.Subresource);

        if (parsed.Verb is "create" or "update" or "patch" or "delete" or "deletecollection" && faults.NextWriteFailure() is { } failure)
        {
            throw failure == 409
                ? StatusBodies.Conflict(parsed.Type, parsed.Name ?? "", "injected conflict (LocalCluster fault injection)")
                : new ApiException(failure, "InternalError", "Internal error occurred: injected failure (LocalCluster fault injection)");
        }
        if (Auth.TokenEndpoints.Handles(parsed))
        {
            await tokens.HandleAsync(context, parsed, ct);
            return;
        }
        var dryRun = request.Query["dryRun"].Any(v => v == "All");
        var fieldValidation = request.Query["fieldValidation"].FirstOrDefault();
        switch (parsed.Verb)
        {
            case "get" when parsed.Subresource == "log":
                await ServeLogAsync(context, parsed, ct);
                return;
            case "get":
                await ServeGetAsync(context, parsed, ct);
                return;
            case "list":
                await ServeListAsync(context, parsed, ct);
                return;
            case "watch":
                await watches.ServeAsync(context, parsed, ct);
                return;
            case "create":
                {
                    var body = await RequestBody.ReadObjectAsync(request, ct);
                    var created = await service.CreateAsync(parsed.Type, parsed.Version, parsed.Namespace, body, dryRun, fieldValidation);
                    await WriteObjectAsync(context, 201, created, parsed, ct);
                    return;
                }
            case "update":
                {
                    var body = await RequestBody.ReadObjectAsync(request, ct);
                    var updated = await service.UpdateAsync(parsed.Type, parsed.Version, parsed.Namespace, parsed.Name!, parsed.Subresource, body, dryRun, fieldValidation);
                    await WriteObjectAsync(context, 200, updated, parsed, ct);
                    return;
                }
            case "patch":
                {
                    var patch = await RequestBody.ReadAsync(request, ct) ?? throw StatusBodies.BadRequest("the patch body is empty");
                    var existed = service.Store.Get(parsed.Type.StorageKey, parsed.Namespace, parsed.Name!) is not null;
                    var patched = await service.PatchAsync(parsed.Type, parsed.Version, parsed.Namespace, parsed.Name!, parsed.Subresource,
                        request.ContentType ?? "", patch, dryRun, fieldValidation);
                    await WriteObjectAsync(context, existed ? 200 : 201, patched, parsed, ct);
                    return;
                }
            case "delete":
                {
                    var body = await RequestBody.ReadAsync(request, ct) as JsonObject;
                    var options = DeleteOptions.From(body, request.Query["propagationPolicy"].FirstOrDefault());
                    var outcome = await service.DeleteAsync(parsed.Type, parsed.Namespace, parsed.Name!, options, dryRun);
                    if (outcome.Removed && !parsed.Type.ReturnsDeletedObject)
                    {
                        await ResponseWriter.WriteJsonAsync(context.Response, 200, StatusBodies.Success(parsed.Type, parsed.Name!, outcome.Object?.Uid), ct);
                    }
                    else
                    {
                        await WriteObjectAsync(context, 200, outcome.Object!, parsed, ct);
                    }
                    return;
                }
            case "deletecollection":
                {
                    var body = await RequestBody.ReadAsync(request, ct) as JsonObject;
                    var options = DeleteOptions.From(body, request.Query["propagationPolicy"].FirstOrDefault());
                    var items = new JsonArray();
                    foreach (var obj in Filter(service.Store.Snapshot(parsed.Type.StorageKey).Items.Values, parsed, request))
                    {
                        try
                        {
                            var outcome = await service.DeleteAsync(parsed.Type, obj.Namespace, obj.Name, options, dryRun);
                            items.Add(ResponseWriter.Json(outcome.Object!, parsed.Type, parsed.Version));
                        }
                        catch (ApiException e) when (e.Code == 404)
                        {
                            // Deleted concurrently.
                        }
                    }
                    await ResponseWriter.WriteJsonAsync(context.Response, 200, new JsonObject
                    {
                        ["kind"] = parsed.Type.ListKind,
                        ["apiVersion"] = parsed.Type.ApiVersion(parsed.Version),
                        ["metadata"] = new JsonObject { ["resourceVersion"] = service.Store.Revision.ToString(CultureInfo.InvariantCulture) },
                        ["items"] = items,
                    }, ct);
                    return;
                }
        }
    }

    private async Task ServeGetAsync(HttpContext context, ResourceRequest parsed, CancellationToken ct)
    {
        var obj = service.Get(parsed.Type, parsed.Namespace, parsed.Name!);
        if (parsed.Subresource is not (null or "status"))
        {
            throw StatusBodies.MethodNotAllowed($"{parsed.Subresource} cannot be read with GET");
        }
        await WriteObjectAsync(context, 200, obj, parsed, ct);
    }

    private async Task WriteObjectAsync(HttpContext context, int statusCode, StoredObject obj, ResourceRequest parsed, CancellationToken ct)
    {
        if (TablePrinter.Wants(context.Request.Headers.Accept))
        {
            var table = TablePrinter.Build(parsed.Type, parsed.Version, [ResponseWriter.Json(obj, parsed.Type, parsed.Version)],
                context.Request.Query["includeObject"].FirstOrDefault(), new JsonObject { ["resourceVersion"] = obj.Revision.ToString(CultureInfo.InvariantCulture) }, clock.GetUtcNow());
            await ResponseWriter.WriteJsonAsync(context.Response, statusCode, table, ct);
            return;
        }
        await ResponseWriter.WriteObjectAsync(context.Response, statusCode, obj, parsed.Type, parsed.Version, ct);
    }

    private async Task ServeListAsync(HttpContext context, ResourceRequest parsed, CancellationToken ct)
    {
        var request = context.Request;
        var limit = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var continueText = request.Query["continue"].FirstOrDefault();
        System.Collections.Immutable.ImmutableSortedDictionary<string, StoredObject> items;
        long revision;
        string? startAfter = null;
        if (!string.IsNullOrEmpty(continueText))
        {
            var token = ContinueToken.Decode(continueText);
            items = snapshots.Find(parsed.Type.StorageKey, token.Revision)
                ?? throw StatusBodies.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            revision = token.Revision;
            startAfter = token.StartAfter;
        }
        else
        {
            (items, revision) = service.Store.Snapshot(parsed.Type.StorageKey);
        }
        IEnumerable<StoredObject> candidates = items.Values;
        if (startAfter is not null)
        {
            candidates = candidates.SkipWhile(o => string.CompareOrdinal(o.Key, startAfter) <= 0);
        }
        var page = new List<StoredObject>();
        string? next = null;
        foreach (var obj in Filter(candidates, parsed, request))
        {
            if (page.Count == limit)
            {
                next = new ContinueToken(revision, page[^1].Key).Encode();
                snapshots.Keep(parsed.Type.StorageKey, revision, items);
                break;
            }
            page.Add(obj);
        }
        var listMeta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (next is not null)
        {
            listMeta["continue"] = next;
        }
        if (TablePrinter.Wants(request.Headers.Accept))
        {
            var table = TablePrinter.Build(parsed.Type, parsed.Version, page.Select(o => ResponseWriter.Json(o, parsed.Type, parsed.Version)),
                request.Query["includeObject"].FirstOrDefault(), listMeta, clock.GetUtcNow());
            await ResponseWriter.WriteJsonAsync(context.Response, 200, table, ct);
            return;
        }
        // Stored bytes are spliced into the list as they are: no re-serialization per item.
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var head = new JsonObject
        {
            ["kind"] = parsed.Type.ListKind,
            ["apiVersion"] = parsed.Type.ApiVersion(parsed.Version),
            ["metadata"] = listMeta,
        }.ToJsonString();
        await response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes(head[..^1] + ",\"items\":["), ct);
        for (var i = 0; i < page.Count; i++)
        {
            if (i > 0)
            {
                await response.BodyWriter.WriteAsync(","u8.ToArray(), ct);
            }
            await response.BodyWriter.WriteAsync(ResponseWriter.Bytes(page[i], parsed.Type, parsed.Version), ct);
        }
        await response.BodyWriter.WriteAsync("]}"u8.ToArray(), ct);
    }

    internal static IEnumerable<StoredObject> Filter(IEnumerable<StoredObject> objects, ResourceRequest parsed, HttpRequest request)
    {
        var labels = LabelSelector.Parse(request.Query["labelSelector"].FirstOrDefault());
        var fields = FieldSelector.Parse(request.Query["fieldSelector"].FirstOrDefault());
        foreach (var obj in objects)
        {
            if (parsed.Namespace.Length > 0 && obj.Namespace != parsed.Namespace)
            {
                continue;
            }
            if (labels.Matches(obj.Labels) && fields.Matches(obj))
            {
                yield return obj;
            }
        }
    }

    private async Task ServeLogAsync(HttpContext context, ResourceRequest parsed, CancellationToken ct)
    {
        var pod = service.Get(parsed.Type, parsed.Namespace, parsed.Name!).ToJson();
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => c?["name"]?.GetValue<string>()).OfType<string>().ToList();
        var initContainers = (pod["spec"]?["initContainers"] as JsonArray ?? []).Select(c => c?["name"]?.GetValue<string>()).OfType<string>();
        var container = context.Request.Query["container"].FirstOrDefault();
        if (string.IsNullOrEmpty(container))
        {
            if (containers.Count != 1)
            {
                throw StatusBodies.BadRequest($"a container name must be specified for pod {parsed.Name}, choose one of: [{string.Join(" ", containers)}]");
            }
            container = containers[0];
        }
        else if (!containers.Contains(container) && !initContainers.Contains(container))
        {
            throw StatusBodies.BadRequest($"container {container} is not valid for pod {parsed.Name}");
        }
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/plain";
        var tail = int.TryParse(context.Request.Query["tailLines"], CultureInfo.InvariantCulture, out var t) && t >= 0 ? t : (int?)null;
        if (!IsTrue(context.Request.Query["follow"]))
        {
            var all = await podLogs.ReadAsync(parsed.Namespace, parsed.Name!, container, ct);
            await response.Body.WriteAsync(TailLines(all, tail), ct);
            return;
        }
        var first = true;
        await foreach (var chunk in podLogs.FollowAsync(parsed.Namespace, parsed.Name!, container, ct))
        {
            var bytes = first && tail is not null ? TailLines(chunk.ToArray(), tail) : chunk;
            first = false;
            await response.Body.WriteAsync(bytes, ct);
            await response.Body.FlushAsync(ct);
        }
    }

    private static ReadOnlyMemory<byte> TailLines(byte[] log, int? lines)
    {
        if (lines is not { } n)
        {
            return log;
        }
        if (n == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        var end = log.Length > 0 && log[^1] == (byte)'\n' ? log.Length - 1 : log.Length;
        var seen = 0;
        for (var i = end - 1; i >= 0; i--)
        {
            if (log[i] == (byte)'\n' && ++seen == n)
            {
                return log.AsMemory(i + 1);
            }
        }
        return log;
    }

    internal static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) => value.Any(v => v is "true" or "1");
}
