using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using DynamoMcp.Generator.Tests.Archives;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

public sealed class ArchiveSourceTests : GeneratorTestBase, IDisposable
{
    private readonly ArchiveServer _server = new();

    [Fact]
    public async Task Inspect_of_a_zip_with_one_top_level_folder_reads_the_template_inside_it()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var zip = TemplateArchive.Zip(repository.Path, topFolder: "template-main");
        var url = _server.Add("template-main.zip", zip);

        var run = await RunAsync("inspect", "--archive-url", url);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Kind.Should().Be("InspectResult");
        run.Result.GetProperty("source").GetString().Should().Be(url);
        run.Result.GetProperty("ref").ValueKind.Should().Be(JsonValueKind.Null);
        run.Result.GetProperty("revision").GetString().Should().Be("sha256:" + TemplateArchive.Sha256(zip));
        run.Result.GetProperty("template").GetProperty("projectDirectory").GetString().Should().Be(SampleTemplates.ProjectFolder);
        Variable(run, "license").GetProperty("choices").EnumerateArray().Select(c => c.GetString()).Should().Equal("MIT", "BSD-3-Clause", "Apache-2.0");
        run.Result.GetProperty("schema").GetProperty("title").GetString().Should().Be("template-main");
    }

    [Fact]
    public async Task Render_of_a_pinned_tar_gz_equals_the_render_of_the_same_template_from_git()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");
        var tarGz = TemplateArchive.TarGz(repository.Path);
        var url = _server.Add("template.tgz", tarGz);
        var variables = JsonSerializer.Serialize(new Dictionary<string, string> { ["project_name"] = "Hello World" });

        var fromArchive = await RunAsync("render", "--archive-url", url, "--archive-sha256", TemplateArchive.Sha256(tarGz), "--variables-json", variables);
        var fromGit = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--variables-json", variables);

        fromArchive.ExitCode.Should().Be(0, fromArchive.ToString());
        fromGit.ExitCode.Should().Be(0, fromGit.ToString());
        fromArchive.Result.GetProperty("revision").GetString().Should().Be("sha256:" + TemplateArchive.Sha256(tarGz));
        fromArchive.Result.GetProperty("projectDirectory").GetString().Should().Be("hello_world");
        // The same files; only .cruft.json differs: it records where each render's template came from.
        static string FilesBut(GeneratorRun run, string path) => string.Join("\n", run.Result.GetProperty("files").EnumerateArray()
            .Where(f => f.GetProperty("path").GetString() != path).Select(f => f.GetRawText()));
        FilesBut(fromArchive, "hello_world/.cruft.json").Should().Be(FilesBut(fromGit, "hello_world/.cruft.json"));
        var archiveProject = Path.Combine(Unpack(fromArchive), "hello_world");
        var gitProject = Path.Combine(Unpack(fromGit), "hello_world");
        File.ReadAllText(Path.Combine(archiveProject, "README.md")).Should().Contain("# Hello World");
        Cruft(archiveProject).GetProperty("template").GetString().Should().Be(url);
        Cruft(archiveProject).GetProperty("commit").GetString().Should().Be("sha256:" + TemplateArchive.Sha256(tarGz));
        Cruft(archiveProject).GetProperty("checkout").ValueKind.Should().Be(JsonValueKind.Null);
        Cruft(gitProject).GetProperty("commit").GetString().Should().Be(sha);
        Cruft(archiveProject).GetProperty("context").GetProperty("cookiecutter").GetRawText()
            .Replace(url, "<template>").Replace("sha256:" + TemplateArchive.Sha256(tarGz), "<commit>").Should()
            .Be(Cruft(gitProject).GetProperty("context").GetProperty("cookiecutter").GetRawText().Replace(repository.Path, "<template>").Replace(sha, "<commit>"));
    }

    [Theory]
    [InlineData("zip", "codeload-main")]
    [InlineData("zip", null)]
    [InlineData("tgz", "codeload-main")]
    [InlineData("tgz", null)]
    public async Task Directory_selects_a_template_inside_the_archive(string format, string? topFolder)
    {
        using var repository = NewRepository().WriteSmallTemplate("templates/small", "greeting", "from the archive").WriteFile("README.md", "not a template\n");
        var content = format == "zip" ? TemplateArchive.Zip(repository.Path, topFolder) : TemplateArchive.TarGz(repository.Path, topFolder);
        var url = _server.Add("t." + format, content);

        var inspect = await RunAsync("inspect", "--archive-url", url, "--directory", "templates/small");
        var render = await RunAsync("render", "--archive-url", url, "--directory", "templates/small");
        var withoutDirectory = await RunAsync("inspect", "--archive-url", url);

        inspect.ExitCode.Should().Be(0, inspect.ToString());
        inspect.Result.GetProperty("directory").GetString().Should().Be("templates/small");
        Variable(inspect, "greeting").GetProperty("default").GetString().Should().Be("from the archive");
        render.ExitCode.Should().Be(0, render.ToString());
        File.ReadAllText(Path.Combine(Unpack(render), "demo/hello.txt")).Should().Be("from the archive\n");
        withoutDirectory.Reason.Should().Be("InvalidTemplate", withoutDirectory.ToString());
    }

    [Fact]
    public async Task A_sha256_that_differs_from_the_download_fails_with_ArchiveDigestMismatch()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi");
        var zip = TemplateArchive.Zip(repository.Path);
        var url = _server.Add("t.zip", zip);
        var wrong = new string('0', 64);

        var run = await RunAsync("inspect", "--archive-url", url, "--archive-sha256", wrong);

        run.ExitCode.Should().Be(17, run.ToString());
        run.Reason.Should().Be("ArchiveDigestMismatch");
        run.Message.Should().Contain(wrong).And.Contain(TemplateArchive.Sha256(zip));
    }

    public static TheoryData<string, string> HostileArchives() => new()
    {
        { "zip-dotdot", "UnsafeArchive" },
        { "tar-dotdot", "UnsafeArchive" },
        { "tar-absolute", "UnsafeArchive" },
        { "zip-absolute", "UnsafeArchive" },
        { "tar-symlink-escape", "UnsafeArchive" },
        { "zip-symlink-absolute", "UnsafeArchive" },
        { "tar-symlink-under-symlink", "UnsafeArchive" },
        { "tar-hardlink", "UnsafeArchive" },
        { "tar-device", "UnsafeArchive" },
        { "tar-fifo", "UnsafeArchive" },
        { "download-too-large", "ArchiveTooLarge" },
        { "unpacked-too-large", "ArchiveTooLarge" },
        { "too-many-entries", "ArchiveTooLarge" },
        { "not-an-archive", "InvalidTemplate" },
    };

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task Hostile_archives_are_refused_with_their_reason(string name, string reason)
    {
        const string json = """{"project_slug": "demo"}""";
        var template = new[] { TemplateArchive.TarFile("t/cookiecutter.json", json), TemplateArchive.TarFile("t/{{cookiecutter.project_slug}}/a.txt", "a\n") };
        byte[] content = name switch
        {
            "zip-dotdot" => TemplateArchive.Zip([("t/cookiecutter.json", Encoding.UTF8.GetBytes(json), null), ("t/../../evil.txt", [1], null)]),
            "zip-absolute" => TemplateArchive.Zip([("/tmp/evil.txt", [1], null), ("t/cookiecutter.json", Encoding.UTF8.GetBytes(json), null)]),
            "zip-symlink-absolute" => TemplateArchive.Zip([("t/cookiecutter.json", Encoding.UTF8.GetBytes(json), null), ("t/passwd", null, "/etc/passwd")]),
            "tar-dotdot" => TemplateArchive.TarGz([.. template, TemplateArchive.TarFile("../evil.txt", "x")]),
            "tar-absolute" => TemplateArchive.TarGz([.. template, TemplateArchive.TarFile("/tmp/evil.txt", "x")]),
            "tar-symlink-escape" => TemplateArchive.TarGz([.. template, new PaxTarEntry(TarEntryType.SymbolicLink, "t/secret") { LinkName = "../../etc/passwd" }]),
            "tar-symlink-under-symlink" => TemplateArchive.TarGz([
                .. template,
                new PaxTarEntry(TarEntryType.SymbolicLink, "t/up") { LinkName = ".." },
                new PaxTarEntry(TarEntryType.SymbolicLink, "t/up/escape") { LinkName = "../x" },
            ]),
            "tar-hardlink" => TemplateArchive.TarGz([.. template, new PaxTarEntry(TarEntryType.HardLink, "t/passwd") { LinkName = "/etc/passwd" }]),
            "tar-device" => TemplateArchive.TarGz([.. template, new PaxTarEntry(TarEntryType.CharacterDevice, "t/null") { DeviceMajor = 1, DeviceMinor = 3 }]),
            "tar-fifo" => TemplateArchive.TarGz([.. template, new PaxTarEntry(TarEntryType.Fifo, "t/pipe")]),
            "download-too-large" => TemplateArchive.TarGz([.. template, TemplateArchive.TarFile("t/big.txt", RandomText(300_000))]),
            "unpacked-too-large" => TemplateArchive.TarGz([.. template, TemplateArchive.TarFile("t/big.txt", new string('a', 3_000_000))]),
            "too-many-entries" => TemplateArchive.TarGz([.. template, .. Enumerable.Range(0, 60).Select(i => TemplateArchive.TarFile($"t/f{i}.txt", "x"))]),
            _ => Encoding.UTF8.GetBytes("<html>this is a login page, not an archive</html>"),
        };
        var url = _server.Add(name, content);

        var run = await RunAsync("inspect", "--archive-url", url, "--max-archive-bytes", "200000", "--max-archive-unpacked-bytes", "1000000",
            "--max-archive-entries", "50");

        run.Kind.Should().Be("Error", run.ToString());
        run.Reason.Should().Be(reason, run.ToString());
        run.ExitCode.Should().Be(reason switch { "UnsafeArchive" => 18, "ArchiveTooLarge" => 19, _ => 12 });
        File.Exists(Path.Combine(Path.GetTempPath(), "evil.txt")).Should().BeFalse();
        File.Exists("/tmp/evil.txt").Should().BeFalse();
    }

    [Fact]
    public async Task The_same_template_without_hostile_entries_passes_the_same_limits()
    {
        var content = TemplateArchive.TarGz([
            TemplateArchive.TarFile("t/cookiecutter.json", """{"project_slug": "demo"}"""),
            TemplateArchive.TarFile("t/{{cookiecutter.project_slug}}/a.txt", "a\n"),
            new PaxTarEntry(TarEntryType.SymbolicLink, "t/{{cookiecutter.project_slug}}/b.txt") { LinkName = "a.txt" },
        ]);
        var url = _server.Add("fine.tgz", content);

        var run = await RunAsync("render", "--archive-url", url, "--max-archive-bytes", "200000", "--max-archive-unpacked-bytes", "1000000",
            "--max-archive-entries", "50");

        run.ExitCode.Should().Be(0, run.ToString());
        var files = run.Result.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        files["demo/a.txt"].GetProperty("type").GetString().Should().Be("file");
        // cookiecutter reads through the (inside) link, as it does for a git checkout.
        File.ReadAllText(Path.Combine(Unpack(run), "demo/b.txt")).Should().Be("a\n");
    }

    [Fact]
    public async Task Fetch_then_render_checked_out_renders_the_fetched_bytes_without_downloading_again()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "fetched");
        var zip = TemplateArchive.Zip(repository.Path, "top");
        var url = _server.Add("t.zip", zip);
        var digest = TemplateArchive.Sha256(zip);
        var destination = Path.Combine(Temp, "checkout");

        var fetch = await RunAsync("fetch", "--archive-url", url, "--archive-sha256", digest, "--destination", destination);
        // Served bytes change after the fetch: the render must use what was fetched, not download again.
        _server.Add("t.zip", TemplateArchive.Zip(NewRepository().WriteSmallTemplate("", "greeting", "changed").Path));
        var render = await RunAsync("render", "--source", destination, "--checked-out", "--archive-url", url, "--archive-sha256", "sha256:" + digest);
        var wrongPin = await RunAsync("render", "--source", destination, "--checked-out", "--archive-url", url, "--archive-sha256", new string('1', 64));

        fetch.ExitCode.Should().Be(0, fetch.ToString());
        fetch.Kind.Should().Be("FetchResult");
        fetch.Result.GetProperty("revision").GetString().Should().Be("sha256:" + digest);
        File.Exists(Path.Combine(destination, "cookiecutter.json")).Should().BeTrue("the single top-level folder is the root");
        render.ExitCode.Should().Be(0, render.ToString());
        render.Result.GetProperty("revision").GetString().Should().Be("sha256:" + digest);
        File.ReadAllText(Path.Combine(Unpack(render), "demo/hello.txt")).Should().Be("fetched\n");
        wrongPin.Reason.Should().Be("ArchiveDigestMismatch", wrongPin.ToString());
    }

    [Fact]
    public async Task A_fetched_archive_cannot_forge_the_record_of_its_revision()
    {
        var content = TemplateArchive.TarGz([
            TemplateArchive.TarFile("cookiecutter.json", """{"project_slug": "demo"}"""),
            TemplateArchive.TarFile("{{cookiecutter.project_slug}}/a.txt", "a\n"),
            TemplateArchive.TarFile(".dynamo-archive.json", """{"revision": "sha256:""" + new string('2', 64) + "\"}"),
        ]);
        var url = _server.Add("forge.tgz", content);
        var destination = Path.Combine(Temp, "checkout");

        var fetch = await RunAsync("fetch", "--archive-url", url, "--destination", destination);
        var render = await RunAsync("render", "--source", destination, "--checked-out", "--archive-url", url);

        fetch.ExitCode.Should().Be(0, fetch.ToString());
        render.Result.GetProperty("revision").GetString().Should().Be("sha256:" + TemplateArchive.Sha256(content));
    }

    [Fact]
    public async Task Unreachable_urls_and_redirects_away_from_http_fail_with_SourceUnreachable()
    {
        var missing = await RunAsync("inspect", "--archive-url", $"http://127.0.0.1:{_server.Port}/missing.zip");
        var toFile = await RunAsync("inspect", "--archive-url", _server.Redirect("to-file.zip", "file:///etc/passwd"));
        var notHttp = await RunAsync("inspect", "--archive-url", "file:///etc/passwd");

        missing.Reason.Should().Be("SourceUnreachable", missing.ToString());
        missing.Message.Should().Contain("404");
        toFile.Reason.Should().Be("SourceUnreachable", toFile.ToString());
        toFile.Message.Should().ContainEquivalentOf("redirect");
        notHttp.Reason.Should().Be("InvalidArguments", notHttp.ToString());
    }

    [Fact]
    public async Task The_archive_options_can_come_from_the_environment()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "from env");
        var tarGz = TemplateArchive.TarGz(repository.Path, "top");
        var url = _server.Add("env.tgz", tarGz);
        var work = Path.Combine(Temp, "env-run");
        Directory.CreateDirectory(work);
        Assert.SkipWhen(GeneratorProcess.MissingPrerequisite is not null, GeneratorProcess.MissingPrerequisite ?? "");

        var run = await GeneratorProcess.RunAsync(work, ["inspect"], new Dictionary<string, string>
        {
            ["DYNAMO_ARCHIVE_URL"] = url,
            ["DYNAMO_ARCHIVE_SHA256"] = TemplateArchive.Sha256(tarGz),
        });
        var mismatch = await GeneratorProcess.RunAsync(work, ["inspect", "--archive-url", url], new Dictionary<string, string>
        {
            ["DYNAMO_ARCHIVE_SHA256"] = new string('3', 64),
        });

        run.ExitCode.Should().Be(0, run.ToString());
        Variable(run, "greeting").GetProperty("default").GetString().Should().Be("from env");
        mismatch.Reason.Should().Be("ArchiveDigestMismatch", mismatch.ToString());
    }

    [Fact]
    public async Task A_git_source_and_an_archive_together_or_a_malformed_digest_are_refused()
    {
        var url = _server.Add("unused.zip", [1, 2, 3]);

        var both = await RunAsync("inspect", "--source", "https://example.org/t.git", "--archive-url", url);
        var malformed = await RunAsync("inspect", "--archive-url", url, "--archive-sha256", "ABC");
        var digestWithoutUrl = await RunAsync("inspect", "--source", "https://example.org/t.git", "--archive-sha256", new string('a', 64));

        both.Reason.Should().Be("InvalidArguments", both.ToString());
        malformed.Reason.Should().Be("InvalidArguments", malformed.ToString());
        malformed.Message.Should().Contain("64 hex");
        digestWithoutUrl.Reason.Should().Be("InvalidArguments", digestWithoutUrl.ToString());
    }

    private static string RandomText(int length)
    {
        // Incompressible, so the gzip stays above the download cap.
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return Convert.ToBase64String(bytes)[..length];
    }

    public new void Dispose()
    {
        _server.Dispose();
        base.Dispose();
    }
}
