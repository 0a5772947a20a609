using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Compatibility;

/// <summary>
/// "The newest <see cref="Package"/> that works with <see cref="With"/> (name → exact version) on this Python / Node."
/// Yanked and deprecated releases are never chosen; pre-releases only when asked for.
/// </summary>
public sealed record CompatibilityQuery(
    Ecosystem Ecosystem,
    string Package,
    IReadOnlyDictionary<string, string> With,
    string? Python = null,
    string? Node = null,
    bool IncludePrereleases = false,
    int MaxCandidates = 40);
