using System.Globalization;
using DynamoMcp.Api;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// Splits a rendered archive into the ConfigMaps of <see cref="ScaffoldResultFormat"/>, owned by the Scaffold, one
/// chunk per ConfigMap, named after the Scaffold and the archive's hash (so a retry writes the same objects). Pure.
/// </summary>
public static class ScaffoldResultConfigMapBuilder
{
    public const string Purpose = "output";

    public static IReadOnlyList<V1ConfigMap> Build(Scaffold scaffold, byte[] archive, string sha256, int chunkSize = ScaffoldResultFormat.ChunkSize)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        var chunks = ScaffoldArchive.Split(archive, chunkSize);
        var owner = SandboxJobBuilder.OwnerReference(scaffold.ApiVersion, Scaffold.KubeKind, scaffold.Metadata);
        return chunks.Select((chunk, index) => new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = ChildNames.For(scaffold.Metadata.Name, Purpose, sha256, index.ToString(CultureInfo.InvariantCulture)),
                NamespaceProperty = scaffold.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(Scaffold.KubeKind, scaffold.Metadata.Name), StringComparer.Ordinal)
                {
                    [ScaffoldResultFormat.ScaffoldLabel] = scaffold.Metadata.Name,
                },
                Annotations = new Dictionary<string, string>
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
}
