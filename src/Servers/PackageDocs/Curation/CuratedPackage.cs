namespace DynamoMcp.PackageDocs.Curation;

/// <summary>
/// One package of the curated set: warmed into the cache at start, refreshed in the background and offered as an MCP
/// resource (<c>package-docs://{ecosystem}/{name}</c>). <see cref="Ecosystem"/> is <c>pypi</c> or <c>npm</c>.
/// </summary>
public sealed class CuratedPackage
{
    public string Ecosystem { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>What the package is for, in a line: the resource's description.</summary>
    public string Description { get; set; } = "";
}
