using System.Globalization;
using System.Security.Cryptography;
using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.Api.Scaffolds;

/// <summary>
/// Joins a Scaffold's archive from exactly the ConfigMaps its <c>status.artifact</c> names, in that order, each owned by
/// this Scaffold (ownerReference uid), and verifies the result against <c>status.artifact.sha256</c> and <c>size</c>.
/// A chunk that is missing, owned by another uid (a Scaffold deleted and recreated under the same name before garbage
/// collection) or altered is a <see cref="ScaffoldResultException"/>, never a silently mixed archive. Pure.
/// </summary>
public static class ScaffoldResultAssembler
{
    /// <summary>
    /// The ConfigMaps to read, in archive order; empty when the Scaffold has no stored result yet. Throws when the
    /// artifact is stored elsewhere or its description cannot be verified.
    /// </summary>
    public static IReadOnlyList<string> ChunkNames(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        if (scaffold.Status?.Artifact is not { } artifact)
        {
            return [];
        }

        var who = Describe(scaffold);
        if (artifact.Kind != ArtifactKind.ConfigMap)
        {
            throw new ScaffoldResultException(
                $"The result of {who} is stored in {artifact.Kind}{(artifact.Url is null ? "" : " at " + artifact.Url)}, not in ConfigMaps; read it from there.");
        }

        if (artifact.Names is not { Count: > 0 } names || names.Any(string.IsNullOrEmpty))
        {
            throw Inconsistent(who, "status.artifact lists no ConfigMaps");
        }

        if (artifact.Chunks is { } count && count != names.Count)
        {
            throw Inconsistent(who, $"status.artifact counts {count} chunks but names {names.Count} ConfigMaps");
        }

        if (string.IsNullOrEmpty(artifact.Sha256))
        {
            throw Inconsistent(who, "status.artifact records no sha256 to verify the archive against");
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw Inconsistent(who, "status.artifact names a ConfigMap twice");
        }

        return [.. names];
    }

    /// <summary>
    /// The verified archive from <paramref name="found"/>: the ConfigMaps of <see cref="ChunkNames"/> that exist, by name
    /// (others in it are ignored). Null when the Scaffold has no stored result.
    /// </summary>
    public static byte[]? Assemble(Scaffold scaffold, IReadOnlyDictionary<string, V1ConfigMap> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var names = ChunkNames(scaffold);
        if (names.Count == 0)
        {
            return null;
        }

        var artifact = scaffold.Status.Artifact!;
        var who = Describe(scaffold);
        var uid = scaffold.Metadata?.Uid;
        using var buffer = new MemoryStream();
        for (var position = 0; position < names.Count; position++)
        {
            var name = names[position];
            var chunk = $"ConfigMap '{name}' (chunk {position + 1} of {names.Count})";
            if (!found.TryGetValue(name, out var map))
            {
                throw new ScaffoldResultException(
                    $"{chunk} of {who} does not exist: the stored result is incomplete (deleted, or expiring with its Scaffold). Create the project again.");
            }

            var owners = map.Metadata?.OwnerReferences ?? [];
            if (string.IsNullOrEmpty(uid) || !owners.Any(o => string.Equals(o.Uid, uid, StringComparison.Ordinal)))
            {
                var actual = owners.Count == 0 ? "has no owner" : "is owned by uid " + string.Join(", ", owners.Select(o => o.Uid));
                throw new ScaffoldResultException(
                    $"{chunk} {actual}, not by {who} (uid {uid}): it is left from another object, most likely an earlier Scaffold of the same name " +
                    "that is still being garbage-collected. It is not served; create the project again under another name.");
            }

            var annotations = map.Metadata?.Annotations;
            if (annotations is not null && annotations.ContainsKey(ScaffoldResultFormat.ChunkIndexAnnotation)
                && ScaffoldResultFormat.ChunkIndex(annotations) != position)
            {
                throw Altered(who, $"{chunk} is annotated as chunk index {annotations[ScaffoldResultFormat.ChunkIndexAnnotation]}, not {position}");
            }

            if (annotations is not null && annotations.TryGetValue(ScaffoldResultFormat.ArchiveSha256Annotation, out var chunkOf)
                && !string.Equals(chunkOf, artifact.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw Altered(who, $"{chunk} holds a chunk of archive {chunkOf}, not of {artifact.Sha256}");
            }

            var parts = (map.BinaryData ?? new Dictionary<string, byte[]>())
                .Where(kv => kv.Key.StartsWith(ScaffoldResultFormat.ChunkKeyPrefix, StringComparison.Ordinal))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToList();
            if (parts.Count == 0)
            {
                throw Altered(who, $"{chunk} holds no {ScaffoldResultFormat.ChunkKeyPrefix}* data");
            }

            foreach (var (_, bytes) in parts)
            {
                buffer.Write(bytes);
            }
        }

        var archive = buffer.ToArray();
        if (artifact.Size is { } size && size != archive.LongLength)
        {
            throw Altered(who, $"the chunks join to {archive.LongLength.ToString(CultureInfo.InvariantCulture)} bytes, but status.artifact.size is {size.ToString(CultureInfo.InvariantCulture)}");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(archive));
        if (!string.Equals(sha256, artifact.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Altered(who, $"the joined archive has SHA-256 {sha256}, but status.artifact.sha256 is {artifact.Sha256}");
        }

        return archive;
    }

    private static string Describe(Scaffold scaffold) => $"Scaffold '{scaffold.Metadata?.NamespaceProperty}/{scaffold.Metadata?.Name}'";

    private static ScaffoldResultException Inconsistent(string who, string problem) =>
        new($"The result of {who} cannot be verified: {problem}. It is not served; create the project again.");

    private static ScaffoldResultException Altered(string who, string problem) =>
        new($"The stored result of {who} does not match its status: {problem}. A chunk ConfigMap was altered or replaced, so it is not served; create the project again.");
}
