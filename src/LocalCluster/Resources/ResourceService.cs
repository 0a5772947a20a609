using System.Globalization;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Patching;
using DynamoMcp.LocalCluster.Pods;
using DynamoMcp.LocalCluster.Schema;
using DynamoMcp.LocalCluster.Storage;

namespace DynamoMcp.LocalCluster.Resources;

/// <summary>
/// The semantics of the API on top of the store, independent of HTTP: create/update/patch/delete with
/// uid, generation, resourceVersion preconditions, status subresource rules, finalizers and CRD serving.
/// The HTTP handler and the server's own controllers (garbage collector, namespace cleanup) both go through it.
/// </summary>
internal sealed class ResourceService(ObjectStore store, ResourceRegistry registry, IPodLogStore podLogs, TimeProvider clock)
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    public ObjectStore Store => store;

    public ResourceRegistry Registry => registry;

    public string Now() => clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public StoredObject Get(ResourceType type, string ns, string name) =>
        store.Get(type.StorageKey, ns, name) ?? throw StatusBodies.NotFound(type, name);

    public async Task<StoredObject> CreateAsync(ResourceType type, string version, string ns, JsonObject body, bool dryRun, string? fieldValidation = null)
    {
        CheckKind(type, version, body);
        var meta = Meta(body);
        if (type.Namespaced)
        {
            var bodyNs = meta["namespace"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            {
                throw StatusBodies.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta["namespace"] = ns;
        }
        else
        {
            meta.Remove("namespace");
        }
        var name = meta["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            var prefix = meta["generateName"]?.GetValue<string>();
            if (string.IsNullOrEmpty(prefix))
            {
                throw StatusBodies.Invalid(type, "", [FieldError.Required("metadata.name", "name or generateName is required")]);
            }
            name = ObjectNames.Generate(prefix);
            meta["name"] = name;
        }
        var nameProblem = type == BuiltInResources.Namespaces ? ObjectNames.ValidateLabel(name) : ObjectNames.ValidateSubdomain(name);
        if (nameProblem is not null)
        {
            throw StatusBodies.Invalid(type, name, [FieldError.Invalid("metadata.name", name, nameProblem)]);
        }
        if (type.Namespaced)
        {
            EnsureNamespaceAcceptsContent(ns);
        }
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Now();
        meta["generation"] = 1;
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("selfLink");
        if (type.HasStatus)
        {
            body.Remove("status");
        }
        PrepareKindSpecific(type, body, null);
        CustomResourceSchemaPipeline.Admit(type, version, name, body, fieldValidation);
        var outcome = await store.WriteAsync(type.StorageKey, type.Namespaced ? ns : "", name,
            current => current is null ? new WriteDecision.Put(body) : throw StatusBodies.AlreadyExists(type, name), dryRun);
        AfterWrite(type, outcome, dryRun);
        return outcome.Object!;
    }

    public async Task<StoredObject> UpdateAsync(ResourceType type, string version, string ns, string name, string? subresource, JsonObject body, bool dryRun, string? fieldValidation = null)
    {
        CheckKind(type, version, body);
        var bodyName = Meta(body)["name"]?.GetValue<string>();
        if (bodyName != name)
        {
            throw StatusBodies.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
        var outcome = await store.WriteAsync(type.StorageKey, ns, name, current =>
        {
            if (current is null)
            {
                throw StatusBodies.NotFound(type, name);
            }
            var rv = Meta(body)["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(rv) && rv != current.Revision.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusBodies.Conflict(type, name);
            }
            return ComputeUpdate(type, version, subresource, current, body, fieldValidation);
        }, dryRun);
        AfterWrite(type, outcome, dryRun);
        return outcome.Object!;
    }

    public async Task<StoredObject> PatchAsync(ResourceType type, string version, string ns, string name, string? subresource,
        string contentType, JsonNode patch, bool dryRun, string? fieldValidation = null)
    {
        var apply = contentType.StartsWith("application/apply-patch", StringComparison.Ordinal);
        if (contentType.StartsWith("application/strategic-merge-patch", StringComparison.Ordinal) && type.IsCustom)
        {
            throw StatusBodies.UnsupportedMediaType(contentType + " (custom resources take application/merge-patch+json, application/json-patch+json or application/apply-patch+yaml)");
        }
        if (apply && subresource is null && store.Get(type.StorageKey, ns, name) is null && patch is JsonObject applied)
        {
            // Server-side apply of an absent object creates it.
            Meta(applied)["name"] = name;
            try
            {
                return await CreateAsync(type, version, ns, applied, dryRun, fieldValidation);
            }
            catch (ApiException e) when (e.Reason == "AlreadyExists")
            {
                // Created concurrently: fall through to patch it.
            }
        }
        var outcome = await store.WriteAsync(type.StorageKey, ns, name, current =>
        {
            if (current is null)
            {
                throw StatusBodies.NotFound(type, name);
            }
            var patched = contentType switch
            {
                _ when contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal) =>
                    JsonPatch.Apply(current.ToJson(), patch as JsonArray ?? throw StatusBodies.BadRequest("a JSON patch must be an array of operations")),
                _ when contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal) => JsonMergePatch.Apply(current.ToJson(), patch),
                _ when contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal) => StrategicMergePatch.Apply(current.ToJson(), patch),
                _ when apply => type.IsCustom ? JsonMergePatch.Apply(current.ToJson(), patch) : StrategicMergePatch.Apply(current.ToJson(), patch),
                _ => throw StatusBodies.UnsupportedMediaType(contentType),
            } as JsonObject ?? throw StatusBodies.BadRequest("the patch did not produce an object");
            var rv = Meta(patched)["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(rv) && rv != current.Revision.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusBodies.Conflict(type, name);
            }
            if (Meta(patched)["name"]?.GetValue<string>() != name)
            {
                throw StatusBodies.BadRequest($"the patch changes metadata.name, which cannot change (it is \"{name}\")");
            }
            return ComputeUpdate(type, version, subresource, current, patched, fieldValidation);
        }, dryRun);
        AfterWrite(type, outcome, dryRun);
        return outcome.Object!;
    }

    /// <summary>Deletes or, when finalizers remain, marks for deletion. Returns the object and whether it is gone.</summary>
    public async Task<WriteOutcome> DeleteAsync(ResourceType type, string ns, string name, DeleteOptions options, bool dryRun)
    {
        var outcome = await store.WriteAsync(type.StorageKey, ns, name, current =>
        {
            if (current is null)
            {
                throw StatusBodies.NotFound(type, name);
            }
            if (options.PreconditionUid is { } uid && uid != current.Uid)
            {
                throw StatusBodies.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }
            if (options.PreconditionResourceVersion is { } rv && rv != current.Revision.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusBodies.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.Revision}");
            }
            var obj = current.ToJson();
            var meta = Meta(obj);
            if (type == BuiltInResources.Namespaces)
            {
                if (current.Deleting)
                {
                    return WriteDecision.NoChange;
                }
                // The namespace controller empties it and then removes it.
                meta["deletionTimestamp"] = Now();
                meta["deletionGracePeriodSeconds"] = 0;
                obj["status"] = new JsonObject { ["phase"] = "Terminating" };
                return new WriteDecision.Put(obj);
            }
            var finalizers = meta["finalizers"] as JsonArray ?? [];
            if (!current.Deleting)
            {
                var policy = options.PropagationPolicy ?? (type.OrphanByDefault ? "Orphan" : "Background");
                switch (policy)
                {
                    case "Foreground":
                        AddFinalizer(finalizers, ForegroundFinalizer);
                        break;
                    case "Orphan":
                        AddFinalizer(finalizers, OrphanFinalizer);
                        break;
                    case "Background":
                        break;
                    default:
                        throw StatusBodies.BadRequest($"unknown propagationPolicy \"{policy}\"; use Foreground, Background or Orphan");
                }
                if (type == BuiltInResources.CustomResourceDefinitions)
                {
                    AddFinalizer(finalizers, CustomResourceDefinitions.CleanupFinalizer);
                }
            }
            if (finalizers.Count == 0)
            {
                return new WriteDecision.Remove(obj);
            }
            if (current.Deleting)
            {
                return WriteDecision.NoChange;
            }
            meta["finalizers"] = finalizers;
            meta["deletionTimestamp"] = Now();
            meta["deletionGracePeriodSeconds"] = 0;
            return new WriteDecision.Put(obj);
        }, dryRun);
        AfterWrite(type, outcome, dryRun);
        if (!dryRun && type == BuiltInResources.CustomResourceDefinitions && !outcome.Removed && outcome.Object is { Deleting: true } crd)
        {
            return await CleanUpCustomResourceDefinitionAsync(crd) ?? outcome;
        }
        return outcome;
    }

    /// <summary>Removes a finalizer the server owns (GC, CRD cleanup); completes the deletion if it was the last.</summary>
    public async Task<WriteOutcome> RemoveFinalizerAsync(ResourceType type, string ns, string name, string finalizer)
    {
        var outcome = await store.WriteAsync(type.StorageKey, ns, name, current =>
        {
            if (current is null)
            {
                return WriteDecision.NoChange;
            }
            var obj = current.ToJson();
            var meta = Meta(obj);
            if (meta["finalizers"] is not JsonArray finalizers || finalizers.FirstOrDefault(f => f?.GetValue<string>() == finalizer) is not { } node)
            {
                return WriteDecision.NoChange;
            }
            finalizers.Remove(node);
            if (finalizers.Count == 0)
            {
                meta.Remove("finalizers");
                if (current.Deleting)
                {
                    return new WriteDecision.Remove(obj);
                }
            }
            return new WriteDecision.Put(obj);
        });
        AfterWrite(type, outcome, false);
        return outcome;
    }

    /// <summary>Stores a change decided by server code (e.g. removing owner references) without client preconditions.</summary>
    public async Task<WriteOutcome> MutateAsync(ResourceType type, string ns, string name, Func<JsonObject, bool> mutate)
    {
        var outcome = await store.WriteAsync(type.StorageKey, ns, name, current =>
        {
            if (current is null)
            {
                return WriteDecision.NoChange;
            }
            var obj = current.ToJson();
            return mutate(obj) ? new WriteDecision.Put(obj) : WriteDecision.NoChange;
        });
        AfterWrite(type, outcome, false);
        return outcome;
    }

    /// <summary>Registers the kinds of every stored CRD (at start-up).</summary>
    public void RegisterStoredCustomResourceDefinitions()
    {
        foreach (var crd in store.Snapshot(BuiltInResources.CustomResourceDefinitions.StorageKey).Items.Values)
        {
            if (CustomResourceDefinitions.ToResourceType(crd.ToJson()) is { } type)
            {
                registry.Register(type);
            }
        }
    }

    private async Task<WriteOutcome?> CleanUpCustomResourceDefinitionAsync(StoredObject crd)
    {
        if (CustomResourceDefinitions.ToResourceType(crd.ToJson()) is { } served)
        {
            registry.Unregister(served.StorageKey);
            foreach (var obj in store.Snapshot(served.StorageKey).Items.Values)
            {
                await store.RemoveAsync(served.StorageKey, obj.Namespace, obj.Name);
            }
        }
        return await RemoveFinalizerAsync(BuiltInResources.CustomResourceDefinitions, "", crd.Name, CustomResourceDefinitions.CleanupFinalizer);
    }

    private WriteDecision ComputeUpdate(ResourceType type, string version, string? subresource, StoredObject current, JsonObject incoming, string? fieldValidation)
    {
        var old = current.ToJson();
        var oldMeta = Meta(old);
        JsonObject next;
        if (subresource == "status")
        {
            next = (JsonObject)old.DeepClone();
            next.Remove("status");
            if (incoming["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
        }
        else if (subresource is null)
        {
            next = incoming;
            var meta = Meta(next);
            foreach (var field in new[] { "uid", "creationTimestamp", "namespace", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
            {
                meta.Remove(field);
                if (oldMeta[field] is { } value)
                {
                    meta[field] = value.DeepClone();
                }
            }
            meta.Remove("selfLink");
            if (type.HasStatus)
            {
                next.Remove("status");
                if (old["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }
            }
            if (current.Deleting)
            {
                var before = (oldMeta["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>()).ToHashSet();
                var added = (meta["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>()).Where(f => !before.Contains(f)).ToList();
                if (added.Count > 0)
                {
                    throw StatusBodies.Invalid(type, current.Name, [new FieldError("FieldValueForbidden", "metadata.finalizers",
                        $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(a => $"\"{a}\""))}}}")]);
                }
            }
            PrepareKindSpecific(type, next, old);
        }
        else
        {
            throw StatusBodies.NotFound(type, current.Name);
        }
        next["apiVersion"] = type.ApiVersion(version);
        next["kind"] = type.Kind;
        CustomResourceSchemaPipeline.Admit(type, version, current.Name, next, fieldValidation);
        var nextMeta = Meta(next);
        nextMeta["resourceVersion"] = current.Revision.ToString(CultureInfo.InvariantCulture);
        if (subresource is null && !SameContent(old, next))
        {
            nextMeta["generation"] = (oldMeta["generation"]?.GetValue<long>() ?? 0) + 1;
        }
        if (JsonNode.DeepEquals(old, next))
        {
            return WriteDecision.NoChange;
        }
        if (current.Deleting && type != BuiltInResources.Namespaces && (nextMeta["finalizers"] as JsonArray ?? []).Count == 0)
        {
            return new WriteDecision.Remove(next);
        }
        return new WriteDecision.Put(next);
    }

    // Generation tracks the desired state: everything but metadata and status (apiserver's rule for custom resources).
    private static bool SameContent(JsonObject a, JsonObject b)
    {
        static IEnumerable<string> Keys(JsonObject o) => o.Select(p => p.Key).Where(k => k is not ("metadata" or "status" or "apiVersion" or "kind"));
        var keys = Keys(a).Union(Keys(b));
        return keys.All(k => JsonNode.DeepEquals(a[k], b[k]));
    }

    private void PrepareKindSpecific(ResourceType type, JsonObject obj, JsonObject? old)
    {
        if (Auth.TokenProjectionValidation.Validate(type, obj) is { Count: > 0 } tokenErrors)
        {
            throw StatusBodies.Invalid(type, Meta(obj)["name"]?.GetValue<string>() ?? "", tokenErrors);
        }
        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            var errors = CustomResourceDefinitions.Validate(obj);
            if (errors.Count > 0)
            {
                throw StatusBodies.Invalid(type, Meta(obj)["name"]?.GetValue<string>() ?? "", errors);
            }
            if (old is not null && old["spec"]?["group"]?.ToJsonString() != obj["spec"]?["group"]?.ToJsonString())
            {
                throw StatusBodies.Invalid(type, Meta(obj)["name"]!.GetValue<string>(), [new FieldError("FieldValueInvalid", "spec.group", "Invalid value: field is immutable")]);
            }
            CustomResourceDefinitions.SetStatus(obj, old?["status"] as JsonObject, Now());
        }
        else if (type == BuiltInResources.Namespaces && old is null)
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type == BuiltInResources.Pods && old is null)
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        }
        else if (type == BuiltInResources.Secrets)
        {
            MergeStringData(obj);
        }
    }

    /// <summary>A Secret's stringData is write-only: its keys go into data (base64), overriding keys of data, and it is not stored.</summary>
    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject strings)
        {
            secret.Remove("stringData");
            return;
        }

        var data = secret["data"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in strings)
        {
            var text = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
        }

        secret["data"] = data;
        secret.Remove("stringData");
    }

    private void AfterWrite(ResourceType type, WriteOutcome outcome, bool dryRun)
    {
        if (dryRun || !outcome.Changed || outcome.Object is null)
        {
            return;
        }
        if (type == BuiltInResources.CustomResourceDefinitions && !outcome.Removed && !outcome.Object.Deleting
            && CustomResourceDefinitions.ToResourceType(outcome.Object.ToJson()) is { } served)
        {
            registry.Register(served);
        }
        if (type == BuiltInResources.Pods && outcome.Removed)
        {
            _ = podLogs.DeletePodAsync(outcome.Object.Namespace, outcome.Object.Name, CancellationToken.None).AsTask();
        }
    }

    private void EnsureNamespaceAcceptsContent(string ns)
    {
        var namespaceObject = store.Get(BuiltInResources.Namespaces.StorageKey, "", ns)
            ?? throw StatusBodies.NotFound(BuiltInResources.Namespaces, ns);
        if (namespaceObject.Deleting)
        {
            throw new ApiException(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated",
                new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });
        }
    }

    private static void CheckKind(ResourceType type, string version, JsonObject body)
    {
        var kind = body["kind"]?.GetValue<string>();
        var apiVersion = body["apiVersion"]?.GetValue<string>();
        if ((kind is not null && kind != type.Kind) || (apiVersion is not null && !type.Versions.Any(v => type.ApiVersion(v) == apiVersion)))
        {
            throw StatusBodies.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion(version)}) or the kind ({kind}) is not {type.Kind}");
        }
        body["apiVersion"] = type.ApiVersion(version);
        body["kind"] = type.Kind;
    }

    private static void AddFinalizer(JsonArray finalizers, string finalizer)
    {
        if (!finalizers.Any(f => f?.GetValue<string>() == finalizer))
        {
            finalizers.Add(finalizer);
        }
    }

    public static JsonObject Meta(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }
        meta = [];
        obj["metadata"] = meta;
        return meta;
    }
}
