namespace DynamoMcp.PackageDocs.Compatibility;

/// <summary>A newer release that does not fit, and the checks it failed.</summary>
public sealed record RejectedRelease(string Version, IReadOnlyList<CompatibilityCheck> Failed)
{
    public string Reason => string.Join("; ", Failed.Select(f => f.Text));
}
