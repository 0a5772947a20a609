using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Compatibility;

/// <summary>
/// The newest fitting release (<see cref="Version"/>, null when none of the examined fit), the checks that admitted it,
/// and the first few newer releases that were rejected; <see cref="RejectedCount"/> counts them all.
/// </summary>
public sealed record CompatibilityAnswer(
    Ecosystem Ecosystem,
    string Package,
    string? Version,
    IReadOnlyList<CompatibilityCheck> Reasons,
    IReadOnlyList<RejectedRelease> Rejected,
    int RejectedCount,
    int Examined,
    string Explanation);
