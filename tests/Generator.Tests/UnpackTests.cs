using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using DynamoMcp.Generator.Tests.Archives;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

/// <summary>
/// `unpack` reads a Scaffold's stored result as a workflow's container step gets it: chunk ConfigMap i mounted at
/// chunks/i/, laid out as the kubelet writes a ConfigMap volume (key -> ..data/key, ..data -> ..timestamp).
/// </summary>
public sealed class UnpackTests : GeneratorTestBase
{
    private const int ChunkSize = 2048;

    private static readonly byte[] Binary = RandomBytes(5000);

    private static IEnumerable<PaxTarEntry> Project() =>
    [
        new PaxTarEntry(TarEntryType.Directory, "src/"),
        TemplateArchive.TarFile("README.md", "# Demo\n"),
        new PaxTarEntry(TarEntryType.RegularFile, "src/logo.bin") { DataStream = new MemoryStream(Binary) },
        new PaxTarEntry(TarEntryType.RegularFile, "scripts/run.sh")
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\necho demo\n")),
            Mode = (UnixFileMode)0x1ED,
        },
        new PaxTarEntry(TarEntryType.SymbolicLink, "docs/readme") { LinkName = "../README.md" },
    ];

    [Fact]
    public async Task A_project_split_over_mounted_ConfigMaps_is_unpacked_byte_for_byte()
    {
        var archive = TemplateArchive.TarGz(Project());
        var chunks = MountConfigMaps(Split(archive));
        var destination = EmptyFolder("workspace");

        var run = await RunAsync("unpack", "--chunks", chunks, "--sha256", TemplateArchive.Sha256(archive), "--destination", destination);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Kind.Should().Be("UnpackResult");
        run.Result.GetProperty("version").GetInt32().Should().Be(1);
        run.Result.GetProperty("destination").GetString().Should().Be(destination);
        run.Result.GetProperty("chunks").GetInt32().Should().Be(3);
        run.Result.GetProperty("archiveBytes").GetInt32().Should().Be(archive.Length);
        run.Result.GetProperty("archiveSha256").GetString().Should().Be(TemplateArchive.Sha256(archive));
        run.Result.GetProperty("fileCount").GetInt32().Should().Be(3);
        run.Result.GetProperty("directoryCount").GetInt32().Should().Be(3);
        run.Result.GetProperty("symlinkCount").GetInt32().Should().Be(1);
        run.Result.GetProperty("totalBytes").GetInt64().Should().Be(7 + Binary.Length + 20);
        Directory.EnumerateFileSystemEntries(destination).Select(p => Path.GetFileName(p)).Should().BeEquivalentTo(["README.md", "src", "scripts", "docs"]);
        File.ReadAllBytes(Path.Combine(destination, "README.md")).Should().Equal(Encoding.UTF8.GetBytes("# Demo\n"));
        File.ReadAllBytes(Path.Combine(destination, "src/logo.bin")).Should().Equal(Binary);
        File.ReadAllText(Path.Combine(destination, "scripts/run.sh")).Should().Be("#!/bin/sh\necho demo\n");
        IsExecutable(Path.Combine(destination, "scripts/run.sh")).Should().BeTrue();
        IsExecutable(Path.Combine(destination, "README.md")).Should().BeFalse();
        new FileInfo(Path.Combine(destination, "docs/readme")).LinkTarget.Should().Be("../README.md");
    }

    [Fact]
    public async Task The_archive_a_render_produced_unpacks_to_the_files_the_render_reported()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var render = await RunAsync("render", "--source", repository.Path, "--ref", repository.Commit("full template"));
        render.ExitCode.Should().Be(0, render.ToString());
        var archive = Convert.FromBase64String(render.Result.GetProperty("archive").GetString()!);
        var destination = EmptyFolder("workspace");

        var run = await RunAsync("unpack", "--chunks", MountConfigMaps(Split(archive, (archive.Length / 3) + 1)), "--sha256",
            "sha256:" + render.Result.GetProperty("archiveSha256").GetString(), "--destination", destination);

        run.ExitCode.Should().Be(0, run.ToString());
        var reported = render.Result.GetProperty("files").EnumerateArray().Where(f => f.GetProperty("type").GetString() == "file").ToList();
        run.Result.GetProperty("fileCount").GetInt32().Should().Be(reported.Count);
        run.Result.GetProperty("totalBytes").GetInt64().Should().Be(render.Result.GetProperty("totalBytes").GetInt64());
        foreach (var file in reported)
        {
            var path = Path.Combine(destination, file.GetProperty("path").GetString()!);
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))).Should().Be(file.GetProperty("sha256").GetString(), path);
        }
    }

    [Fact]
    public async Task A_wrong_sha256_fails_with_ArchiveDigestMismatch_naming_both_and_extracts_nothing()
    {
        var archive = TemplateArchive.TarGz(Project());
        var destination = EmptyFolder("workspace");
        var wrong = new string('0', 64);

        var run = await RunAsync("unpack", "--chunks", MountConfigMaps(Split(archive)), "--sha256", wrong, "--destination", destination);

        run.Kind.Should().Be("Error", run.ToString());
        run.Reason.Should().Be("ArchiveDigestMismatch");
        run.ExitCode.Should().Be(17);
        run.Message.Should().Contain(wrong).And.Contain(TemplateArchive.Sha256(archive));
        Directory.EnumerateFileSystemEntries(destination).Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_middle_chunk_is_refused_naming_it()
    {
        var archive = TemplateArchive.TarGz(Project());
        var chunks = Split(archive);
        var destination = EmptyFolder("workspace");

        var run = await RunAsync("unpack", "--chunks", MountConfigMaps([chunks[0], chunks[2]], [0, 2]), "--sha256", TemplateArchive.Sha256(archive),
            "--destination", destination);

        run.Reason.Should().Be("InvalidArguments", run.ToString());
        run.ExitCode.Should().Be(2);
        run.Message.Should().Contain("gap").And.Contain("chunk-0001 missing");
        Directory.EnumerateFileSystemEntries(destination).Should().BeEmpty();
    }

    [Fact]
    public async Task A_chunk_mounted_twice_or_no_chunk_at_all_is_refused()
    {
        var archive = TemplateArchive.TarGz(Project());
        var chunks = Split(archive);
        var sha = TemplateArchive.Sha256(archive);

        var twice = await RunAsync("unpack", "--chunks", MountConfigMaps([chunks[0], chunks[1], chunks[1], chunks[2]], [0, 1, 1, 2]), "--sha256", sha,
            "--destination", EmptyFolder("twice"));
        var none = await RunAsync("unpack", "--chunks", EmptyFolder("no-chunks"), "--sha256", sha, "--destination", EmptyFolder("none"));

        twice.Reason.Should().Be("InvalidArguments", twice.ToString());
        twice.Message.Should().Contain("chunk-0001 is under --chunks twice");
        none.Reason.Should().Be("InvalidArguments", none.ToString());
        none.Message.Should().Contain("no chunk-NNNN file");
    }

    public static TheoryData<string, string> HostileProjects() => new()
    {
        { "dotdot", "UnsafeArchive" },
        { "absolute", "UnsafeArchive" },
        { "symlink-escape", "UnsafeArchive" },
        { "hardlink", "UnsafeArchive" },
        { "too-large", "ArchiveTooLarge" },
        { "too-many-entries", "ArchiveTooLarge" },
    };

    [Theory]
    [MemberData(nameof(HostileProjects))]
    public async Task A_hostile_archive_is_refused_and_leaves_the_destination_empty(string name, string reason)
    {
        // The good entries come first, so the refusal happens after something was already unpacked.
        IEnumerable<PaxTarEntry> entries = name switch
        {
            "dotdot" => [.. Project(), TemplateArchive.TarFile("../evil.txt", "x")],
            "absolute" => [.. Project(), TemplateArchive.TarFile(Path.Combine(Temp, "evil.txt"), "x")],
            "symlink-escape" => [.. Project(), new PaxTarEntry(TarEntryType.SymbolicLink, "src/secret") { LinkName = "../../etc/passwd" }],
            "hardlink" => [.. Project(), new PaxTarEntry(TarEntryType.HardLink, "src/passwd") { LinkName = "/etc/passwd" }],
            "too-large" => [.. Project(), TemplateArchive.TarFile("big.txt", new string('a', 20_000))],
            _ => [.. Project(), .. Enumerable.Range(0, 20).Select(i => TemplateArchive.TarFile($"f{i}.txt", "x"))],
        };
        var archive = TemplateArchive.TarGz(entries);
        var destination = EmptyFolder("workspace");

        var run = await RunAsync("unpack", "--chunks", MountConfigMaps(Split(archive)), "--sha256", TemplateArchive.Sha256(archive),
            "--destination", destination, "--max-unpacked-bytes", "10000", "--max-entries", "15");

        run.Kind.Should().Be("Error", run.ToString());
        run.Reason.Should().Be(reason, run.ToString());
        run.ExitCode.Should().Be(reason == "UnsafeArchive" ? 18 : 19);
        Directory.EnumerateFileSystemEntries(destination).Should().BeEmpty();
        File.Exists(Path.Combine(Temp, "evil.txt")).Should().BeFalse();
        if (name == "too-large")
        {
            run.Message.Should().Contain("--max-unpacked-bytes");
        }
    }

    [Fact]
    public async Task A_destination_that_is_not_empty_or_missing_is_refused_and_left_as_it_was()
    {
        var archive = TemplateArchive.TarGz(Project());
        var chunks = MountConfigMaps(Split(archive));
        var destination = EmptyFolder("workspace");
        File.WriteAllText(Path.Combine(destination, "README.md"), "mine\n");

        var notEmpty = await RunAsync("unpack", "--chunks", chunks, "--sha256", TemplateArchive.Sha256(archive), "--destination", destination);
        var missing = await RunAsync("unpack", "--chunks", chunks, "--sha256", TemplateArchive.Sha256(archive), "--destination", Path.Combine(Temp, "missing"));

        notEmpty.Reason.Should().Be("InvalidArguments", notEmpty.ToString());
        notEmpty.Message.Should().Contain("not empty");
        Directory.EnumerateFileSystemEntries(destination).Select(p => Path.GetFileName(p)).Should().Equal("README.md");
        File.ReadAllText(Path.Combine(destination, "README.md")).Should().Be("mine\n");
        missing.Reason.Should().Be("InvalidArguments", missing.ToString());
        Directory.Exists(Path.Combine(Temp, "missing")).Should().BeFalse();
    }

    [Fact]
    public async Task Malformed_or_missing_arguments_are_refused()
    {
        var chunks = MountConfigMaps(Split(TemplateArchive.TarGz(Project())));

        var malformed = await RunAsync("unpack", "--chunks", chunks, "--sha256", "ABC", "--destination", EmptyFolder("a"));
        var noSha = await RunAsync("unpack", "--chunks", chunks, "--destination", EmptyFolder("b"));
        var noChunks = await RunAsync("unpack", "--chunks", Path.Combine(Temp, "nowhere"), "--sha256", new string('a', 64), "--destination", EmptyFolder("c"));

        malformed.Reason.Should().Be("InvalidArguments", malformed.ToString());
        malformed.Message.Should().Contain("64 hex");
        noSha.Reason.Should().Be("InvalidArguments", noSha.ToString());
        noSha.Message.Should().Contain("--sha256");
        noChunks.Reason.Should().Be("InvalidArguments", noChunks.ToString());
        noChunks.Message.Should().Contain("--chunks");
    }

    [Fact]
    public async Task The_options_can_come_from_the_environment()
    {
        var archive = TemplateArchive.TarGz(Project());
        var destination = EmptyFolder("workspace");

        var run = await RunAsync(new Dictionary<string, string>
        {
            ["DYNAMO_CHUNKS"] = MountConfigMaps(Split(archive)),
            ["DYNAMO_ARCHIVE_SHA256"] = TemplateArchive.Sha256(archive),
            ["DYNAMO_DESTINATION"] = destination,
        }, "unpack");

        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllBytes(Path.Combine(destination, "src/logo.bin")).Should().Equal(Binary);
    }

    private static IReadOnlyList<byte[]> Split(byte[] archive, int chunkSize = ChunkSize)
    {
        var chunks = archive.Chunk(chunkSize).ToList();
        chunks.Should().HaveCountGreaterThanOrEqualTo(3, "the tests need a first, a middle and a last chunk");
        return chunks;
    }

    /// <summary>ConfigMap i (one key, chunk-NNNN with the given global index) mounted at chunks/i/ (see <see cref="ConfigMapChunks"/>).</summary>
    private string MountConfigMaps(IReadOnlyList<byte[]> chunks, IReadOnlyList<int>? indices = null) => ConfigMapChunks.Mount(Temp, chunks, indices);

    private string EmptyFolder(string name)
    {
        var path = Path.Combine(Temp, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static byte[] RandomBytes(int length)
    {
        // Incompressible, so the archive spans several chunks.
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
