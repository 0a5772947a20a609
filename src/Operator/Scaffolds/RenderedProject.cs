using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// A verified render result: the revision it came from, the archive, its hash and the file list; for an update the
/// patch from the earlier project; for a git or S3 output where the deliver step put it.
/// </summary>
public sealed record RenderedProject(
    string Revision, byte[] Archive, string Sha256, IReadOnlyList<ScaffoldFile> Files, RenderedUpdate? Update = null, ScaffoldArtifact? Delivery = null);
