namespace DynamoMcp;

/// <summary>
/// The checkout the tests run from (the folder holding Operator.sln), for tests that read its files (CRDs,
/// samples, the chart, the generator, the TypeScript client). Linked into every test project by Directory.Build.props.
/// </summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Find() => Root.Value;

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Operator.sln above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
