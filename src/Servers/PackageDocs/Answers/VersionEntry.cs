using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Answers;

/// <summary>One published version as <c>get_package_versions</c> lists it.</summary>
public sealed record VersionEntry(
    string Version,
    DateTimeOffset? ReleasedAt,
    bool Prerelease,
    bool Yanked,
    string? YankedReason,
    bool Deprecated,
    string? DeprecatedReason,
    string? RequiresPython,
    string? RequiresNode)
{
    public static VersionEntry Of(PackageRelease r) =>
        new(r.Version, r.ReleasedAt, r.IsPrerelease, r.Yanked, r.YankedReason, r.Deprecated, r.DeprecatedReason, r.RequiresPython, r.RequiresNode);
}
