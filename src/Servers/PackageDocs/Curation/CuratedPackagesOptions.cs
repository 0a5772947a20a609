namespace DynamoMcp.PackageDocs.Curation;

/// <summary>
/// The curated set (section <c>Curated</c>): the built-in Django and Vue ecosystems plus <see cref="Packages"/> from
/// configuration (a <c>--config</c> file, environment variables), or only those when <see cref="ReplaceDefaults"/>.
/// </summary>
public sealed class CuratedPackagesOptions
{
    public const string Section = "Curated";

    /// <summary>When true, <see cref="Packages"/> is the whole set; otherwise it extends the built-in one.</summary>
    public bool ReplaceDefaults { get; set; }

    public List<CuratedPackage> Packages { get; set; } = [];

    /// <summary>How many curated packages the start-up warm-up fetches at once.</summary>
    public int WarmupParallelism { get; set; } = 4;
}
