namespace DynamoMcp.PackageDocs.Models;

/// <summary>Where a person reads more, as far as the package's metadata says.</summary>
public sealed record PackageLinks(
    string? Homepage,
    string? Documentation,
    string? Changelog,
    string? Repository,
    string? Issues)
{
    public static PackageLinks None { get; } = new(null, null, null, null, null);
}
