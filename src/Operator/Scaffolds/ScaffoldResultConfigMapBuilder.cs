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
        return ArchiveChunkConfigMaps.Build(
            SandboxJobBuilder.OwnerReference(scaffold.ApiVersion, Scaffold.KubeKind, scaffold.Metadata),
            scaffold.Metadata.NamespaceProperty,
            Purpose,
            new Dictionary<string, string>(WellKnown.Labels.ForChildOf(Scaffold.KubeKind, scaffold.Metadata.Name), StringComparer.Ordinal)
            {
                [ScaffoldResultFormat.ScaffoldLabel] = scaffold.Metadata.Name,
            },
            new Dictionary<string, string>(),
            archive,
            sha256,
            chunkSize);
    }
}
