namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>Finds the repository checkout the tests run from (the folder holding Operator.sln).</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No Operator.sln above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
