namespace DynamoMcp.PackageDocs.Answers;

/// <summary>The final releases of one series (PyPI: major.minor, npm: major), as <c>get_release_history</c> groups them.</summary>
public sealed record ReleaseSeries(
    string Series,
    string First,
    string Latest,
    DateTimeOffset? FirstReleasedAt,
    DateTimeOffset? LatestReleasedAt,
    int Releases);
