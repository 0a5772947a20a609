using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>A verified render result: the revision it came from, the archive, its hash and the file list.</summary>
public sealed record RenderedProject(string Revision, byte[] Archive, string Sha256, IReadOnlyList<ScaffoldFile> Files);
