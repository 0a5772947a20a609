namespace DynamoMcp.PackageDocs.Models;

/// <summary>
/// One published version. For PyPI, <see cref="Dependencies"/> is null until the per-version metadata was read
/// (the project document has no <c>requires_dist</c>); <see cref="RequiresPython"/> comes from the release's files.
/// </summary>
public sealed record PackageRelease(
    string Version,
    DateTimeOffset? ReleasedAt,
    bool IsPrerelease,
    bool Yanked,
    string? YankedReason,
    bool Deprecated,
    string? DeprecatedReason,
    string? RequiresPython,
    string? RequiresNode,
    IReadOnlyList<PackageDependency>? Dependencies)
{
    public bool Withdrawn => Yanked || Deprecated;
}
