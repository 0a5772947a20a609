using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DynamoMcp.Generator.Tests.Archives;
using DynamoMcp.Generator.Tests.Running;

namespace DynamoMcp.Generator.Tests.Deliver;

/// <summary>
/// What a render Job's deliver container gets: the project archive the render container wrote (a tar.gz whose entries
/// are proj/..., one top folder) and the output Secret mounted as a folder (DYNAMO_OUTPUT_SECRET_DIR).
/// </summary>
public abstract class DeliverTestBase : GeneratorTestBase
{
    protected const string ProjectDirectory = "proj";

    protected const string RunScript = "#!/bin/sh\necho demo\n";

    /// <summary>The project's files as git stores them (a symlink's content is its target).</summary>
    protected static IReadOnlyDictionary<string, string> ProjectFiles { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["README.md"] = "# Demo\n",
        ["src/app.py"] = "print('demo')\n",
        ["scripts/run.sh"] = RunScript,
        ["docs/readme"] = "../README.md",
    };

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Writes the render archive of <see cref="ProjectFiles"/> (or of <paramref name="readme"/> as README.md's
    /// content) into the test's folder; returns its path and sha256.</summary>
    protected (string Path, string Sha256) WriteArchive(string readme = "# Demo\n")
    {
        var archive = TemplateArchive.TarGz(
        [
            new PaxTarEntry(TarEntryType.Directory, ProjectDirectory + "/"),
            TemplateArchive.TarFile(ProjectDirectory + "/README.md", readme),
            new PaxTarEntry(TarEntryType.Directory, ProjectDirectory + "/src/"),
            TemplateArchive.TarFile(ProjectDirectory + "/src/app.py", "print('demo')\n"),
            new PaxTarEntry(TarEntryType.RegularFile, ProjectDirectory + "/scripts/run.sh")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(RunScript)),
                Mode = (UnixFileMode)0x1ED,
            },
            new PaxTarEntry(TarEntryType.SymbolicLink, ProjectDirectory + "/docs/readme") { LinkName = "../README.md" },
        ]);
        var path = Path.Combine(Temp, "project-" + Guid.NewGuid().ToString("N")[..8] + ".tar.gz");
        File.WriteAllBytes(path, archive);
        return (path, TemplateArchive.Sha256(archive));
    }

    /// <summary>A folder laid out like a mounted Secret: one file per key.</summary>
    protected string WriteSecret(IReadOnlyDictionary<string, string> keys)
    {
        var folder = Path.Combine(Temp, "output-secret-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        foreach (var (key, value) in keys)
        {
            File.WriteAllText(Path.Combine(folder, key), value);
        }

        return folder;
    }

    protected Task<GeneratorRun> DeliverAsync(string secretFolder, params string[] arguments) =>
        RunAsync(new Dictionary<string, string> { ["DYNAMO_OUTPUT_SECRET_DIR"] = secretFolder }, ["deliver", .. arguments]);

    /// <summary>A loopback port nothing listens on (bound and released by the OS just now).</summary>
    protected static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Neither stream of the run nor its result holds <paramref name="secret"/>.</summary>
    protected static void ShouldNotLeak(GeneratorRun run, string secret)
    {
        run.Stdout.Should().NotContain(secret);
        run.Stderr.Should().NotContain(secret);
        run.Result.GetRawText().Should().NotContain(secret);
    }
}
