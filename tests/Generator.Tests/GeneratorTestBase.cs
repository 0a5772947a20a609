using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

/// <summary>A private temp folder per test (TMPDIR of the generator too) and helpers to run and unpack.</summary>
public abstract class GeneratorTestBase : IDisposable
{
    protected GeneratorTestBase()
    {
        Temp = Path.Combine(Path.GetTempPath(), "generator-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Temp);
    }

    protected string Temp { get; }

    protected TemplateRepository NewRepository() => TemplateRepository.Create(Temp);

    protected Task<GeneratorRun> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables added to the generator's environment.</param>
    /// <param name="arguments">The generator's command line.</param>
    protected async Task<GeneratorRun> RunAsync(IDictionary<string, string> environment, params string[] arguments)
    {
        Assert.SkipWhen(GeneratorProcess.MissingPrerequisite is not null, GeneratorProcess.MissingPrerequisite ?? "");
        var work = Path.Combine(Temp, "run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        return await GeneratorProcess.RunAsync(work, arguments, environment);
    }

    protected static JsonElement Variable(GeneratorRun run, string name) =>
        run.Result.GetProperty("variables").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    /// <summary>Unpacks the render result's archive into a new folder and returns it.</summary>
    protected string Unpack(GeneratorRun run) => UnpackArchive(Archive(run));

    /// <summary>Unpacks a tar.gz into a new folder and returns it.</summary>
    protected string UnpackArchive(byte[] archive)
    {
        var destination = Path.Combine(Temp, "unpacked-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(destination);
        using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        TarFile.ExtractToDirectory(gzip, destination, overwriteFiles: false);
        return destination;
    }

    /// <summary>The decoded `archive` of a render result.</summary>
    protected static byte[] Archive(GeneratorRun run) => Convert.FromBase64String(run.Result.GetProperty("archive").GetString()!);

    /// <summary>The decoded `snapshot.archive` of an inspect result.</summary>
    protected static byte[] Snapshot(GeneratorRun run) =>
        Convert.FromBase64String(run.Result.GetProperty("snapshot").GetProperty("archive").GetString()!);

    /// <summary>The project's .cruft.json, parsed.</summary>
    protected static JsonElement Cruft(string projectFolder)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(projectFolder, ".cruft.json")));
        return document.RootElement.Clone();
    }

    /// <summary>Every file and symlink under <paramref name="root"/> (relative path: content, or "-> target"), without .git.</summary>
    protected static SortedDictionary<string, byte[]> Tree(string root)
    {
        var tree = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative == ".git" || relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                tree[relative] = System.Text.Encoding.UTF8.GetBytes("-> " + target);
            }
            else if (!Directory.Exists(path))
            {
                tree[relative] = File.ReadAllBytes(path);
            }
        }

        return tree;
    }

    protected static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute);

    protected static IReadOnlyList<TarEntry> Entries(GeneratorRun run) => Entries(Archive(run));

    protected static IReadOnlyList<TarEntry> Entries(byte[] archive)
    {
        using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Temp, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in /tmp are harmless.
        }

        GC.SuppressFinalize(this);
    }
}
