using System.Diagnostics;

namespace DynamoMcp.Generator.Tests.Running;

/// <summary>Runs images/generator/entrypoint.py with the host's /usr/bin/python3 (cookiecutter 1.7.3 from Debian).</summary>
public static class GeneratorProcess
{
    public const string Python = "/usr/bin/python3";

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Entrypoint { get; } = Path.Combine(RepositoryRoot, "images", "generator", "entrypoint.py");

    /// <summary>Why the generator cannot run on this machine, or null when it can.</summary>
    public static string? MissingPrerequisite { get; } = FindMissingPrerequisite();

    /// <param name="wrapper">a command that runs the generator inside something (bwrap ...), or null.</param>
    public static async Task<GeneratorRun> RunAsync(
        string tempDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null,
        IReadOnlyList<string>? wrapper = null)
    {
        string[] command = [.. wrapper ?? [], Python, Entrypoint, .. arguments];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = tempDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = tempDirectory;
        start.Environment["HOME"] = tempDirectory;
        // Never pick up a git Secret of the machine running the tests.
        start.Environment["DYNAMO_GIT_SECRET_DIR"] = Path.Combine(tempDirectory, "no-git-secret");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        var errors = await stderr;
        using var document = ResultFrameReader.Read(output);
        return new GeneratorRun(process.ExitCode, output, errors, document.RootElement.Clone());
    }

    private static string? FindMissingPrerequisite()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing; run scripts/install-prereqs.sh";
        }

        var start = new ProcessStartInfo(Python, ["-c", "import cookiecutter"]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : "cookiecutter is not importable by /usr/bin/python3; run scripts/install-prereqs.sh";
    }

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
