using System.Diagnostics;

namespace DynamoMcp.Generator.Tests.Templates;

/// <summary>
/// A throw-away local git repository to hold cookiecutter templates: write files, commit, tag, branch.
/// Reusable by any test that needs a template source (the operator's end-to-end tests copy it).
/// </summary>
public sealed class TemplateRepository : IDisposable
{
    private TemplateRepository(string path) => Path = path;

    /// <summary>The working tree; also a valid `--source` (a local path).</summary>
    public string Path { get; }

    /// <summary>The commit sha of the last <see cref="Commit"/>.</summary>
    public string Head => Git("rev-parse", "HEAD").Trim();

    public static TemplateRepository Create(string? parentDirectory = null)
    {
        var path = System.IO.Path.Combine(parentDirectory ?? System.IO.Path.GetTempPath(), "template-repo-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        var repository = new TemplateRepository(path);
        repository.Git("init", "-q", "-b", "main");
        repository.Git("config", "user.email", "tests@dynamo-mcp.io");
        repository.Git("config", "user.name", "Dynamo MCP tests");
        repository.Git("config", "commit.gpgsign", "false");
        return repository;
    }

    public TemplateRepository WriteFile(string relativePath, string content, bool executable = false)
    {
        var full = Resolve(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        if (executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, File.GetUnixFileMode(full) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return this;
    }

    public TemplateRepository WriteBytes(string relativePath, byte[] content)
    {
        var full = Resolve(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    public TemplateRepository WriteSymlink(string relativePath, string target)
    {
        var full = Resolve(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return this;
    }

    public TemplateRepository Delete(string relativePath)
    {
        var full = Resolve(relativePath);
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
        else
        {
            File.Delete(full);
        }

        return this;
    }

    /// <summary>Stages everything and commits; returns the new commit's sha.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Head;
    }

    public TemplateRepository Tag(string name, bool annotated = false)
    {
        if (annotated)
        {
            Git("tag", "-a", name, "-m", name);
        }
        else
        {
            Git("tag", name);
        }

        return this;
    }

    /// <summary>Creates a branch at HEAD and switches to it.</summary>
    public TemplateRepository CreateBranch(string name)
    {
        Git("checkout", "-q", "-b", name);
        return this;
    }

    public TemplateRepository SwitchTo(string branch)
    {
        Git("checkout", "-q", branch);
        return this;
    }

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start; install git.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed in {Path}: {stderr.Result}");
        }

        return stdout.Result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it is not.
        }
    }

    private string Resolve(string relativePath) => System.IO.Path.Combine(Path, relativePath);
}
