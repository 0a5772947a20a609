namespace DynamoMcp.E2E.Tests;

/// <summary>Locates files of the checkout (CRDs, samples) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root => RepositoryRoot.Find();

    public static IEnumerable<string> Yaml(string relativeDirectory) =>
        Directory.EnumerateFiles(Path.Combine(Root, relativeDirectory), "*.yaml").Order(StringComparer.Ordinal);
}
