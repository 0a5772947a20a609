using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.Api;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Runtime.Children;

/// <summary>
/// The one place that makes a desired child exist. It stamps <c>dynamo-mcp.io/spec-hash</c> (a hash of the desired
/// object as built) and a controller ownerReference to the owner, then: creates the child when absent; leaves it alone
/// when ours with the same hash; replaces, patches or deletes it (see <see cref="ChildUpdateMode"/>) when ours with
/// another hash; adopts an AlreadyExists child only when we control it; deletes one left by a deleted owner of the same
/// kind and name (recreated before garbage collection), to be created anew; reports a child controlled by anyone else
/// (or by no one) as a conflict and never touches it. Nothing here compares fields: the hash stands for the builder.
/// A result with action Updated and no child means "deleted, created on the next reconcile".
/// </summary>
public sealed partial class ChildApplier(IServiceProvider services, InformerRegistry informers, ILogger<ChildApplier> logger)
{
    /// <summary>Ensures <paramref name="desired"/> (from a pure builder) exists as a child of <paramref name="owner"/>.</summary>
    public async Task<ChildApplyResult<TChild>> ApplyAsync<TChild>(
        IKubernetesObject<V1ObjectMeta> owner,
        TChild desired,
        CancellationToken cancellationToken,
        ChildUpdateMode mode = ChildUpdateMode.Replace)
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(desired);
        var client = services.GetRequiredService<IResourceClient<TChild>>();
        Prepare(owner, desired, client.Kind);
        var key = ObjectKey.From(desired);
        var existing = informers.Cache<TChild>().Get(key);
        if (existing is null)
        {
            try
            {
                var created = await client.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
                LogCreated(client.Kind.Kind, key.ToString(), owner.Kind, owner.Metadata.Name);
                return new ChildApplyResult<TChild>(ChildApplyAction.Created, created);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Created by an earlier reconcile whose watch event has not reached the cache yet, or by someone else.
                existing = await client.GetAsync(key, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    throw;
                }
            }
        }

        if (IsPreviousIncarnation(existing, owner))
        {
            // Left by an owner of this kind and name that was deleted and created again before garbage collection
            // got to its children: that owner is gone, so the child is removed and created anew on the next reconcile
            // (its deletion event enqueues the owner).
            await client.DeleteAsync(key, existing.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            LogUpdated(client.Kind.Kind, key.ToString(), ChildUpdateMode.Recreate, owner.Kind, owner.Metadata.Name);
            return new ChildApplyResult<TChild>(ChildApplyAction.Updated, null);
        }

        if (!IsControlledBy(existing, owner))
        {
            var holder = existing.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } other
                ? $"{other.Kind} {other.Name}"
                : "no controller";
            var message = $"{client.Kind.Kind} {key} already exists and is controlled by {holder}, not by {owner.Kind} {owner.Metadata.Name}; " +
                "delete or rename that object so the operator can create its own.";
            return new ChildApplyResult<TChild>(ChildApplyAction.Conflict, existing, message);
        }

        var hash = desired.Metadata.Annotations[WellKnown.Annotations.SpecHash];
        if (existing.Metadata.Annotations?.TryGetValue(WellKnown.Annotations.SpecHash, out var current) == true && current == hash)
        {
            return new ChildApplyResult<TChild>(ChildApplyAction.Unchanged, existing);
        }

        TChild? updated;
        switch (mode)
        {
            case ChildUpdateMode.Patch:
                var patch = KubernetesJson.Serialize(desired);
                updated = await client.PatchAsync(key, new V1Patch(patch, V1Patch.PatchType.MergePatch), cancellationToken).ConfigureAwait(false);
                break;
            case ChildUpdateMode.Recreate:
                await client.DeleteAsync(key, existing.Metadata.Uid, cancellationToken).ConfigureAwait(false);
                updated = null;
                break;
            default:
                // resourceVersion makes the replace conditional: a concurrent writer gets a 409 and a retry.
                desired.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                updated = await client.ReplaceAsync(desired, cancellationToken).ConfigureAwait(false);
                break;
        }

        LogUpdated(client.Kind.Kind, key.ToString(), mode, owner.Kind, owner.Metadata.Name);
        return new ChildApplyResult<TChild>(ChildApplyAction.Updated, updated);
    }

    /// <summary>Deletes a child the owner controls (only that very object, by uid); false when it was gone already.</summary>
    public async Task<bool> DeleteAsync<TChild>(IKubernetesObject<V1ObjectMeta> owner, TChild child, CancellationToken cancellationToken)
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(child);
        if (!IsControlledBy(child, owner))
        {
            throw new InvalidOperationException($"{child.Kind} {ObjectKey.From(child)} is not controlled by {owner.Kind} {owner.Metadata.Name}; refusing to delete it.");
        }

        var client = services.GetRequiredService<IResourceClient<TChild>>();
        return await client.DeleteAsync(ObjectKey.From(child), child.Metadata.Uid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The spec hash the applier stamps: sha256 of the object as built, without the stamp itself, status or server-set metadata.</summary>
    public static string SpecHash(IKubernetesObject<V1ObjectMeta> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var json = JsonNode.Parse(KubernetesJson.Serialize(desired))!.AsObject();
        json.Remove("status");
        if (json["metadata"] is JsonObject metadata)
        {
            foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "ownerReferences" })
            {
                metadata.Remove(field);
            }

            if (metadata["annotations"] is JsonObject annotations)
            {
                annotations.Remove(WellKnown.Annotations.SpecHash);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json.ToJsonString())))[..16];
    }

    /// <summary>Whether <paramref name="child"/> carries a controller ownerReference to <paramref name="owner"/>'s uid.</summary>
    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> child, IKubernetesObject<V1ObjectMeta> owner) =>
        child.Metadata?.OwnerReferences?.Any(o => o.Controller == true && o.Uid == owner.Metadata.Uid) == true;

    /// <summary>
    /// Whether <paramref name="child"/>'s controller is an earlier object of <paramref name="owner"/>'s kind and name
    /// (another uid): names are unique, so that owner no longer exists.
    /// </summary>
    public static bool IsPreviousIncarnation(IKubernetesObject<V1ObjectMeta> child, IKubernetesObject<V1ObjectMeta> owner) =>
        child.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } controller
        && controller.Uid != owner.Metadata.Uid
        && controller.Kind == owner.Kind
        && controller.Name == owner.Metadata.Name
        && Group(controller.ApiVersion) == Group(owner.ApiVersion)
        && child.Metadata.NamespaceProperty == owner.Metadata.NamespaceProperty;

    private static string Group(string? apiVersion) =>
        apiVersion is { } v && v.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? v[..slash] : "";

    private static void Prepare<TChild>(IKubernetesObject<V1ObjectMeta> owner, TChild desired, ResourceKind kind)
        where TChild : IKubernetesObject<V1ObjectMeta>
    {
        if (string.IsNullOrEmpty(owner.Metadata?.Uid))
        {
            throw new ArgumentException($"The owner {owner.Kind} {owner.Metadata?.Name} has no uid: pass the object as read from the API.", nameof(owner));
        }

        desired.ApiVersion = string.IsNullOrEmpty(desired.ApiVersion) ? kind.ApiVersion : desired.ApiVersion;
        desired.Kind = string.IsNullOrEmpty(desired.Kind) ? kind.Kind : desired.Kind;
        var metadata = desired.Metadata ?? throw new ArgumentException("The desired child has no metadata.", nameof(desired));
        if (string.IsNullOrEmpty(metadata.NamespaceProperty))
        {
            metadata.NamespaceProperty = owner.Metadata.NamespaceProperty;
        }

        var references = metadata.OwnerReferences ?? [];
        if (!references.Any(o => o.Uid == owner.Metadata.Uid))
        {
            references = [.. references.Where(o => o.Controller != true), new V1OwnerReference
            {
                ApiVersion = owner.ApiVersion,
                Kind = owner.Kind,
                Name = owner.Metadata.Name,
                Uid = owner.Metadata.Uid,
                Controller = true,
                BlockOwnerDeletion = true,
            }];
        }

        metadata.OwnerReferences = references;
        metadata.Annotations ??= new Dictionary<string, string>();
        metadata.Annotations[WellKnown.Annotations.SpecHash] = SpecHash(desired);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Kind} {Key} for {OwnerKind} {Owner}")]
    private partial void LogCreated(string kind, string key, string ownerKind, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated {Kind} {Key} ({Mode}) for {OwnerKind} {Owner}: its spec hash changed")]
    private partial void LogUpdated(string kind, string key, ChildUpdateMode mode, string ownerKind, string owner);
}
