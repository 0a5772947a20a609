namespace DynamoMcp.PackageDocs.Compatibility;

/// <summary>
/// One requirement weighed against one release: <see cref="Target"/> is what was asked for (<c>django 5.1</c>),
/// <see cref="Source"/> the metadata field that decided (<c>requires_dist</c>, <c>peerDependencies</c>, …),
/// <see cref="Specifier"/> its text, or null when the release states nothing about the target.
/// </summary>
public sealed record CompatibilityCheck(string Target, string Source, string? Specifier, bool Admits, string Text);
