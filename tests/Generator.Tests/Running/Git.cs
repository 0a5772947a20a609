using System.Diagnostics;

namespace DynamoMcp.Generator.Tests.Running;

/// <summary>The real git on a folder, without the machine's configuration: what a user does with an update's patch.</summary>
public static class Git
{
    public static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", "user.email=tests@dynamo-mcp.io", "-c", "user.name=Dynamo MCP tests", "-c", "commit.gpgsign=false",
                     "-c", "init.defaultBranch=main", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start; install git.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode != 0
            ? throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed in {directory}: {stderr.Result}{stdout.Result}")
            : stdout.Result;
    }

    /// <summary>Makes <paramref name="directory"/> a repository with everything in it committed.</summary>
    public static void InitAndCommit(string directory)
    {
        Run(directory, "init", "-q");
        Run(directory, "add", "-A");
        Run(directory, "commit", "-q", "-m", "generated project");
    }
}
