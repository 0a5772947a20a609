using System.Text;
using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// The ConfigMap holding an update's patch (git format) under <see cref="Key"/>: in <c>data</c> when it is UTF-8 text
/// (nearly always: binary files are git binary patches, which are ASCII), else in <c>binaryData</c>. Owned by the
/// Scaffold, immutable, one per Scaffold. Pure.
/// </summary>
public static class ScaffoldPatchConfigMapBuilder
{
    public const string Purpose = "patch";
    public const string Key = "patch";

    /// <summary>A ConfigMap holds at most 1 MiB; this leaves room for its metadata.</summary>
    public const int MaxPatchBytes = 900 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static V1ConfigMap Build(Scaffold scaffold, RenderedUpdate update)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(update);
        var map = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = ChildNames.WithSuffix(scaffold.Metadata.Name, Purpose),
                NamespaceProperty = scaffold.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(Scaffold.KubeKind, scaffold.Metadata.Name), StringComparer.Ordinal)
                {
                    [SandboxLabels.Purpose] = Purpose,
                },
                Annotations = new Dictionary<string, string>
                {
                    [Api.Scaffolds.ScaffoldResultFormat.ArchiveSha256Annotation] = update.Sha256,
                    [WellKnown.Annotations.SpecHash] = update.Sha256,
                },
                OwnerReferences = [SandboxJobBuilder.OwnerReference(scaffold.ApiVersion, Scaffold.KubeKind, scaffold.Metadata)],
            },
            Immutable = true,
        };
        try
        {
            map.Data = new Dictionary<string, string> { [Key] = StrictUtf8.GetString(update.Patch) };
        }
        catch (DecoderFallbackException)
        {
            map.BinaryData = new Dictionary<string, byte[]> { [Key] = update.Patch };
        }

        return map;
    }
}
