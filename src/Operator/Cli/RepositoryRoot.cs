namespace DynamoMcp.Operator.Cli;

/// <summary>Finds the source checkout (the folder holding Operator.sln) for commands that write generated files.</summary>
public static class RepositoryRoot
{
    public static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
