using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// The ConfigMaps holding a template's snapshot at one revision (the layout of a Scaffold's inline result, see
/// <see cref="ArchiveChunkConfigMaps"/>), owned by the template and labelled with its name and purpose
/// <c>snapshot</c>; named after the snapshot's hash, so a refresh that finds the same files writes nothing new. Pure.
/// </summary>
public static class TemplateSnapshotConfigMapBuilder
{
    public const string Purpose = "snapshot";

    public static IReadOnlyList<V1ConfigMap> Build(CookiecutterTemplate template, string revision, byte[] archive, string sha256, int chunkSize = Api.Scaffolds.ScaffoldResultFormat.ChunkSize)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentException.ThrowIfNullOrEmpty(revision);
        var labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(CookiecutterTemplate.KubeKind, template.Metadata.Name), StringComparer.Ordinal)
        {
            [SandboxLabels.Purpose] = Purpose,
        };
        return ArchiveChunkConfigMaps.Build(
            SandboxJobBuilder.OwnerReference(template.ApiVersion, CookiecutterTemplate.KubeKind, template.Metadata),
            template.Metadata.NamespaceProperty,
            Purpose,
            labels,
            new Dictionary<string, string> { [SandboxLabels.RevisionAnnotation] = revision },
            archive,
            sha256,
            chunkSize);
    }
}
