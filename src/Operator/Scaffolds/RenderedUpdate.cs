using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>The verified patch of an update render (git format, from the earlier project to the new one) and its summary.</summary>
public sealed record RenderedUpdate(
    string? FromRevision, string ToRevision, byte[] Patch, string Sha256, IReadOnlyList<ScaffoldFileChange> Files, int LinesAdded, int LinesRemoved);
