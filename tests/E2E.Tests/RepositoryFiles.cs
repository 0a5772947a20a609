namespace DynamoMcp.E2E.Tests;

/// <summary>Locates files of the checkout (CRDs, samples) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> Yaml(string relativeDirectory) =>
        Directory.EnumerateFiles(Path.Combine(Root, relativeDirectory), "*.yaml").Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Operator.sln above {AppContext.BaseDirectory}.");
    }
}
