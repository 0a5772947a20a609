using System.Formats.Tar;
using System.Text.Json;
using DynamoMcp.Generator.Tests.Archives;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

/// <summary>
/// `inspect` publishes the template root as a reproducible tar.gz (`snapshot`), and `render --snapshot-chunks` renders
/// exactly that, split into ConfigMaps as the operator stores it, without git or network.
/// </summary>
public sealed class SnapshotTests : GeneratorTestBase
{
    [Fact]
    public async Task Inspect_publishes_the_template_root_as_a_reproducible_snapshot_without_git()
    {
        using var repository = NewRepository().WriteFullTemplate()
            .WriteFile("hooks/pre_gen_project.py", "print('pre')\n")
            .WriteFile("hooks/helper.sh", "#!/bin/sh\n", executable: true);
        var sha = repository.Commit("full template with hooks");

        var first = await RunAsync("inspect", "--source", repository.Path, "--ref", sha);
        var second = await RunAsync("inspect", "--source", repository.Path, "--ref", sha);

        first.ExitCode.Should().Be(0, first.ToString());
        second.ExitCode.Should().Be(0, second.ToString());
        var snapshot = first.Result.GetProperty("snapshot");
        snapshot.GetProperty("format").GetString().Should().Be("tar+gzip");
        snapshot.GetProperty("archiveSha256").GetString().Should().Be(second.Result.GetProperty("snapshot").GetProperty("archiveSha256").GetString());
        snapshot.GetProperty("archive").GetString().Should().Be(second.Result.GetProperty("snapshot").GetProperty("archive").GetString());
        var archive = Snapshot(first);
        snapshot.GetProperty("archiveBytes").GetInt32().Should().Be(archive.Length);
        snapshot.GetProperty("archiveSha256").GetString().Should().Be(TemplateArchive.Sha256(archive));

        var entries = Entries(archive);
        var regular = entries.Where(e => e.EntryType == TarEntryType.RegularFile).ToList();
        var expected = Tree(repository.Path);
        regular.Select(e => e.Name).Should().BeEquivalentTo(expected.Keys, "every file of the template root, relative to it, and nothing of .git");
        regular.Select(e => e.Name).Should().Contain(["cookiecutter.json", "hooks/pre_gen_project.py", "{{cookiecutter.project_slug}}/src/{{cookiecutter.project_slug}}/__init__.py"]);
        entries.Should().NotContain(e => e.Name.StartsWith(".git", StringComparison.Ordinal));
        snapshot.GetProperty("files").GetInt32().Should().Be(expected.Count);
        snapshot.GetProperty("totalBytes").GetInt64().Should().Be(expected.Values.Sum(v => (long)v.Length));
        entries.Select(e => e.Name.TrimEnd('/')).Should().BeInAscendingOrder(StringComparer.Ordinal);
        entries.Should().AllSatisfy(e =>
        {
            e.ModificationTime.ToUnixTimeSeconds().Should().Be(0);
            ((PosixTarEntry)e).Uid.Should().Be(0);
            ((PosixTarEntry)e).UserName.Should().BeEmpty();
        });
        entries.Single(e => e.Name == "{{cookiecutter.project_slug}}/scripts/run.sh").Mode.Should().HaveFlag(UnixFileMode.UserExecute);
        entries.Single(e => e.Name == "hooks/helper.sh").Mode.Should().HaveFlag(UnixFileMode.UserExecute);
        entries.Single(e => e.Name == "cookiecutter.json").Mode.Should().NotHaveFlag(UnixFileMode.UserExecute);
        var unpacked = UnpackArchive(archive);
        Tree(unpacked).Should().BeEquivalentTo(expected, "the snapshot holds the files byte for byte");
    }

    [Fact]
    public async Task With_a_directory_the_snapshot_is_that_folder_only_and_keeps_symlinks()
    {
        using var repository = NewRepository()
            .WriteFullTemplate("templates/full")
            .WriteSymlink("templates/full/{{cookiecutter.project_slug}}/LICENSE.md", "README.md")
            .WriteFile("README.md", "the repository, not the template\n")
            .WriteSmallTemplate("templates/other", "greeting", "hi");
        var sha = repository.Commit("two templates");

        var run = await RunAsync("inspect", "--source", repository.Path, "--ref", sha, "--directory", "templates/full");

        run.ExitCode.Should().Be(0, run.ToString());
        var entries = Entries(Snapshot(run));
        entries.Select(e => e.Name).Should().Contain("cookiecutter.json").And.NotContain(n => n.StartsWith("templates/", StringComparison.Ordinal) || n == "README.md");
        var link = entries.Single(e => e.Name == "{{cookiecutter.project_slug}}/LICENSE.md");
        link.EntryType.Should().Be(TarEntryType.SymbolicLink);
        link.LinkName.Should().Be("README.md");
    }

    [Fact]
    public async Task A_template_that_packs_above_the_limit_is_SnapshotTooLarge_with_what_to_do()
    {
        using var repository = NewRepository().WriteFullTemplate().WriteBytes("docs/big.bin", RandomBytes(4096));
        var sha = repository.Commit("a template with a big file");

        var byOption = await RunAsync("inspect", "--source", repository.Path, "--ref", sha, "--max-snapshot-bytes", "2048");
        var byEnvironment = await RunAsync(new Dictionary<string, string> { ["DYNAMO_MAX_SNAPSHOT_BYTES"] = "2048" }, "inspect", "--source", repository.Path, "--ref", sha);

        foreach (var run in new[] { byOption, byEnvironment })
        {
            run.ExitCode.Should().Be(21, run.ToString());
            run.Reason.Should().Be("SnapshotTooLarge");
            run.Result.GetProperty("exitCode").GetInt32().Should().Be(21);
            run.Message.Should().Contain("2048").And.Contain("spec.source.git.directory").And.Contain("--sandbox-max-snapshot-bytes");
        }
    }

    [Theory]
    [InlineData(ConfigMapChunks.OperatorChunkSize)]
    [InlineData(200)]
    public async Task Render_from_the_snapshot_chunks_gives_exactly_the_render_from_git_without_git_or_the_repository(int chunkSize)
    {
        var repository = NewRepository().WriteFullTemplate("templates/full").WriteFile("templates/full/hooks/post_gen_project.py", "print('not run')\n");
        var sha = repository.Commit("full template");
        var source = repository.Path;
        var variables = Path.Combine(Temp, "variables.json");
        File.WriteAllText(variables, """{"project_name": "Hello World", "license": "Apache-2.0", "use_docker": false}""");
        var inspect = await RunAsync("inspect", "--source", source, "--ref", sha, "--directory", "templates/full");
        inspect.ExitCode.Should().Be(0, inspect.ToString());
        var fromGit = await RunAsync("render", "--source", source, "--ref", sha, "--directory", "templates/full", "--variables-file", variables);
        fromGit.ExitCode.Should().Be(0, fromGit.ToString());
        var snapshot = Snapshot(inspect);
        var chunks = ConfigMapChunks.Split(snapshot, chunkSize);
        if (chunkSize < snapshot.Length)
        {
            chunks.Should().HaveCountGreaterThan(2);
        }

        var mounted = ConfigMapChunks.Mount(Temp, chunks);
        repository.Dispose();
        Directory.Exists(source).Should().BeFalse("the render must not need the repository");
        var noGit = Path.Combine(Temp, "empty-path");
        Directory.CreateDirectory(noGit);

        var fromSnapshot = await RunAsync(new Dictionary<string, string> { ["PATH"] = noGit },
            "render", "--snapshot-chunks", mounted, "--snapshot-sha256", inspect.Result.GetProperty("snapshot").GetProperty("archiveSha256").GetString()!,
            "--revision", sha, "--template-url", source, "--ref", sha, "--directory", "templates/full", "--variables-file", variables);

        fromSnapshot.ExitCode.Should().Be(0, fromSnapshot.ToString());
        fromSnapshot.Kind.Should().Be("RenderResult");
        foreach (var field in (string[])["source", "ref", "resolvedRef", "revision", "directory", "projectDirectory", "variables", "files", "directories",
                     "hooksPresent", "hooksRun", "totalBytes", "archiveBytes", "archiveSha256"])
        {
            fromSnapshot.Result.GetProperty(field).GetRawText().Should().Be(fromGit.Result.GetProperty(field).GetRawText(), field);
        }

        Tree(Unpack(fromSnapshot)).Should().BeEquivalentTo(Tree(Unpack(fromGit)));
        fromSnapshot.Stderr.Should().Contain("joined " + chunks.Count + " chunks");
    }

    [Fact]
    public async Task The_result_names_the_template_url_without_credentials_and_the_ref_and_directory_as_given()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi");
        var sha = repository.Commit("small");
        var inspect = await RunAsync("inspect", "--source", repository.Path, "--ref", sha);
        var chunks = ConfigMapChunks.SplitAndMount(Temp, Snapshot(inspect));

        var run = await RunAsync(new Dictionary<string, string>
        {
            ["DYNAMO_SNAPSHOT_CHUNKS"] = chunks,
            ["DYNAMO_SNAPSHOT_SHA256"] = "sha256:" + inspect.Result.GetProperty("snapshot").GetProperty("archiveSha256").GetString(),
            ["DYNAMO_REVISION"] = sha,
            ["DYNAMO_TEMPLATE_URL"] = "https://robot:s3cr3t-token@git.example.com/org/templates.git",
        }, "render", "--ref", "main", "--directory", "templates/small");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Result.GetProperty("source").GetString().Should().Be("https://***@git.example.com/org/templates.git");
        run.Result.GetProperty("ref").GetString().Should().Be("main");
        run.Result.GetProperty("resolvedRef").ValueKind.Should().Be(JsonValueKind.Null);
        run.Result.GetProperty("revision").GetString().Should().Be(sha);
        run.Result.GetProperty("directory").GetString().Should().Be("templates/small");
        run.Stdout.Should().NotContain("s3cr3t");
        run.Stderr.Should().NotContain("s3cr3t");
        var project = Path.Combine(Unpack(run), "demo");
        File.ReadAllText(Path.Combine(project, "hello.txt")).Should().Be("hi\n", "--directory is only recorded: the snapshot is the template root");
        File.ReadAllText(Path.Combine(project, ".cruft.json")).Should().NotContain("s3cr3t").And.NotContain("robot");
        Cruft(project).GetProperty("template").GetString().Should().Be("https://git.example.com/org/templates.git");
    }

    [Fact]
    public async Task Chunks_that_join_to_another_sha256_are_ArchiveDigestMismatch()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi");
        var sha = repository.Commit("small");
        var inspect = await RunAsync("inspect", "--source", repository.Path, "--ref", sha);
        var snapshot = Snapshot(inspect);
        var wrong = TemplateArchive.Sha256([.. snapshot, 0]);

        var run = await RunAsync("render", "--snapshot-chunks", ConfigMapChunks.SplitAndMount(Temp, snapshot, 100), "--snapshot-sha256", wrong,
            "--revision", sha, "--template-url", "https://git.example.com/t.git");

        run.ExitCode.Should().Be(17, run.ToString());
        run.Reason.Should().Be("ArchiveDigestMismatch");
        run.Message.Should().Contain(wrong).And.Contain(TemplateArchive.Sha256(snapshot)).And.Contain("--snapshot-chunks");
    }

    [Theory]
    [InlineData("--source", "--snapshot-chunks renders the inspected snapshot")]
    [InlineData("--checked-out", "--snapshot-chunks renders the inspected snapshot")]
    [InlineData("--archive-url", "--snapshot-chunks renders the inspected snapshot")]
    [InlineData("no-revision", "--revision")]
    public async Task The_snapshot_mode_refuses_another_source_or_a_missing_revision(string extra, string message)
    {
        var chunks = ConfigMapChunks.SplitAndMount(Temp, [1, 2, 3]);
        List<string> arguments = ["render", "--snapshot-chunks", chunks, "--snapshot-sha256", new string('a', 64), "--template-url", "https://git.example.com/t.git"];
        if (extra != "no-revision")
        {
            arguments.AddRange(["--revision", new string('b', 40)]);
        }

        arguments.AddRange(extra switch
        {
            "--source" => ["--source", Temp],
            "--archive-url" => ["--archive-url", "https://example.com/t.tgz"],
            "--checked-out" => ["--checked-out"],
            _ => [],
        });

        var run = await RunAsync([.. arguments]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Reason.Should().Be("InvalidArguments");
        run.Message.Should().Contain(message);
    }

    private static byte[] RandomBytes(int length)
    {
        // Incompressible, so the packed size stays above the limit.
        var bytes = new byte[length];
        new Random(11).NextBytes(bytes);
        return bytes;
    }
}
