using System.Globalization;
using DynamoMcp.Api.Scaffolds;
using k8s.Models;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// An archive split into immutable ConfigMaps in the layout of <see cref="ScaffoldResultFormat"/> (one chunk per
/// ConfigMap under <c>binaryData</c> key <c>chunk-NNNN</c>, annotated with its index and the whole archive's SHA-256),
/// owned by <paramref name="owner"/> and named after the owner, the purpose and the archive's hash, so the same archive
/// always gives the same objects. The generator reads them mounted one per folder (<c>unpack</c>, render's
/// <c>--snapshot-chunks</c> and <c>--base-chunks</c>). Pure.
/// </summary>
public static class ArchiveChunkConfigMaps
{
    public static IReadOnlyList<V1ConfigMap> Build(
        V1OwnerReference owner,
        string @namespace,
        string purpose,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string> annotations,
        byte[] archive,
        string sha256,
        int chunkSize = ScaffoldResultFormat.ChunkSize)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        var chunks = ScaffoldArchive.Split(archive, chunkSize);
        return chunks.Select((chunk, index) => new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = ChildNames.For(owner.Name, purpose, sha256, index.ToString(CultureInfo.InvariantCulture)),
                NamespaceProperty = @namespace,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                Annotations = new Dictionary<string, string>(annotations, StringComparer.Ordinal)
                {
                    [ScaffoldResultFormat.ChunkIndexAnnotation] = index.ToString(CultureInfo.InvariantCulture),
                    [ScaffoldResultFormat.ArchiveSha256Annotation] = sha256,
                },
                OwnerReferences = [owner],
            },
            BinaryData = new Dictionary<string, byte[]> { [ScaffoldResultFormat.ChunkKey(index)] = chunk },
            Immutable = true,
        }).ToList();
    }

    /// <summary>Volume name of chunk ConfigMap <paramref name="index"/> of a set named <paramref name="set"/>.</summary>
    public static string VolumeName(string set, int index) => $"{set}-{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Mounts the ConfigMaps <paramref name="names"/> read-only into <paramref name="container"/> at
    /// <c><paramref name="path"/>/&lt;i&gt;</c> and adds their volumes to <paramref name="pod"/> (once per pod).
    /// </summary>
    public static void Mount(V1PodSpec pod, V1Container container, string set, string path, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(names);
        for (var i = 0; i < names.Count; i++)
        {
            var volume = VolumeName(set, i);
            container.VolumeMounts.Add(new V1VolumeMount { Name = volume, MountPath = $"{path}/{i.ToString(CultureInfo.InvariantCulture)}", ReadOnlyProperty = true });
            if (pod.Volumes.All(v => v.Name != volume))
            {
                pod.Volumes.Add(new V1Volume { Name = volume, ConfigMap = new V1ConfigMapVolumeSource { Name = names[i], DefaultMode = 0x124 /* 0444 */ } });
            }
        }
    }
}
