using System.Text;
using System.Text.Json;
using DynamoMcp.Generator.Tests.Archives;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

/// <summary>
/// `render --base-chunks`: a project rendered at revision A updated to revision B of its template, as cruft updates,
/// with a git patch that real git applies to the A project.
/// </summary>
public sealed class UpdateTests : GeneratorTestBase
{
    private const string Folder = SampleTemplates.ProjectFolder;
    private static readonly byte[] LogoA = [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02, 0x03];
    private static readonly byte[] LogoB = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0xFE, 0x00, 0x07];

    [Fact]
    public async Task The_patch_from_A_to_B_applies_with_git_and_gives_exactly_the_B_project()
    {
        using var repository = RevisionA();
        var a = repository.Commit("A");
        var projectA = await RenderAsync(repository, a, """{"project_name": "Grocery Shop"}""");
        var b = RevisionB(repository).Commit("B");

        var update = await RenderAsync(repository, b, "{}", projectA);
        var reference = await RenderAsync(repository, b, """{"project_name": "Grocery Shop"}""");

        update.ExitCode.Should().Be(0, update.ToString());
        update.Result.GetProperty("archiveSha256").GetString().Should().Be(reference.Result.GetProperty("archiveSha256").GetString(),
            "the previous project's variables render the same project as giving them explicitly");
        update.Result.GetProperty("variables").TryGetProperty("old_option", out _).Should().BeFalse("B no longer has old_option");
        update.Stderr.Should().Contain("old_option");
        var result = update.Result.GetProperty("update");
        result.GetProperty("fromRevision").GetString().Should().Be(a);
        result.GetProperty("toRevision").GetString().Should().Be(b);
        var patch = Convert.FromBase64String(result.GetProperty("patch").GetString()!);
        result.GetProperty("patchBytes").GetInt32().Should().Be(patch.Length);
        result.GetProperty("patchSha256").GetString().Should().Be(TemplateArchive.Sha256(patch));
        var files = result.GetProperty("files").EnumerateArray().Select(f => (
            Path: f.GetProperty("path").GetString()!, Change: f.GetProperty("change").GetString()!, Binary: f.GetProperty("binary").GetBoolean(),
            Added: f.GetProperty("linesAdded").GetInt32(), Removed: f.GetProperty("linesRemoved").GetInt32())).ToList();
        files.Should().Equal(
            (".cruft.json", "modified", false, 2, 3), // the commit twice, and old_option is gone
            ("README.md", "modified", false, 1, 0),
            ("docs/guide.md", "added", false, 1, 0),
            ("logo.bin", "modified", true, 0, 0),
            ("obsolete.txt", "deleted", false, 0, 1));
        result.GetProperty("linesAdded").GetInt32().Should().Be(4);
        result.GetProperty("linesRemoved").GetInt32().Should().Be(4);
        var text = Encoding.UTF8.GetString(patch);
        text.Should().Contain("diff --git a/README.md b/README.md").And.Contain("new file mode 100644").And.Contain("deleted file mode 100644")
            .And.Contain("GIT binary patch").And.NotContain("grocery_shop/", "paths are relative to the project folder");

        var expected = Tree(Path.Combine(Unpack(update), "grocery_shop"));
        expected.Keys.Should().Contain([".cruft.json", "docs/guide.md"]).And.NotContain("obsolete.txt");
        var patchFile = Path.Combine(Temp, "update.patch");
        File.WriteAllBytes(patchFile, patch);

        var applied = Path.Combine(Unpack(projectA), "grocery_shop");
        Git.InitAndCommit(applied);
        Git.Run(applied, "apply", "--check", patchFile);
        Git.Run(applied, "apply", patchFile);
        Tree(applied).Should().BeEquivalentTo(expected, "git apply gives exactly the B project, .cruft.json included");
        IsExecutable(Path.Combine(applied, "scripts/run.sh")).Should().BeTrue();
        Cruft(applied).GetProperty("commit").GetString().Should().Be(b);

        var changedSince = Path.Combine(Unpack(projectA), "grocery_shop");
        Git.InitAndCommit(changedSince);
        File.WriteAllText(Path.Combine(changedSince, "notes.txt"), "my own notes\n");
        Git.Run(changedSince, "commit", "-q", "-am", "the user's change");
        Git.Run(changedSince, "apply", "-3", patchFile);
        var expectedWithNotes = new SortedDictionary<string, byte[]>(expected, StringComparer.Ordinal) { ["notes.txt"] = Encoding.UTF8.GetBytes("my own notes\n") };
        Tree(changedSince).Should().BeEquivalentTo(expectedWithNotes, "git apply -3 applies cleanly over an unrelated change");
    }

    [Fact]
    public async Task A_variable_changed_during_the_update_shows_in_the_patch_and_the_others_are_kept()
    {
        using var repository = RevisionA();
        var a = repository.Commit("A");
        var projectA = await RenderAsync(repository, a, """{"project_name": "Grocery Shop", "use_docker": false}""");
        var b = RevisionB(repository).Commit("B");

        var update = await RenderAsync(repository, b, """{"greeting": "howdy"}""", projectA);

        update.ExitCode.Should().Be(0, update.ToString());
        var variables = update.Result.GetProperty("variables");
        variables.GetProperty("project_name").GetString().Should().Be("Grocery Shop", "taken from the previous project's .cruft.json");
        variables.GetProperty("greeting").GetString().Should().Be("howdy");
        variables.GetProperty("use_docker").ToString().Should().Be("False", "cookiecutter 1.7 recorded it as \"False\"; it is carried over, not reset to true");
        var patch = Convert.FromBase64String(update.Result.GetProperty("update").GetProperty("patch").GetString()!);
        var text = Encoding.UTF8.GetString(patch);
        text.Should().Contain("-Grocery Shop says hello.").And.Contain("+Grocery Shop says howdy.").And.Contain("+      \"greeting\": \"howdy\",");
        var project = Path.Combine(Unpack(update), "grocery_shop");
        Cruft(project).GetProperty("context").GetProperty("cookiecutter").GetProperty("greeting").GetString().Should().Be("howdy");

        var patchFile = Path.Combine(Temp, "update.patch");
        File.WriteAllBytes(patchFile, patch);
        var applied = Path.Combine(Unpack(projectA), "grocery_shop");
        Git.InitAndCommit(applied);
        Git.Run(applied, "apply", patchFile);
        Tree(applied).Should().BeEquivalentTo(Tree(project));
    }

    [Fact]
    public async Task A_previous_project_without_cruft_json_is_NotUpdatable()
    {
        using var repository = RevisionA();
        var a = repository.Commit("A");
        var withoutRecord = TemplateArchive.TarGz([TemplateArchive.TarFile("grocery_shop/README.md", "# an old render\n")]);

        var run = await RenderAsync(repository, a, "{}", withoutRecord);

        run.ExitCode.Should().Be(22, run.ToString());
        run.Reason.Should().Be("NotUpdatable");
        run.Result.GetProperty("exitCode").GetInt32().Should().Be(22);
        run.Message.Should().Contain("no .cruft.json").And.Contain("render it again to update it later");
    }

    [Fact]
    public async Task A_previous_project_of_another_sha256_is_ArchiveDigestMismatch()
    {
        using var repository = RevisionA();
        var a = repository.Commit("A");
        var projectA = await RenderAsync(repository, a, "{}");
        var archive = Archive(projectA);
        var (snapshot, sha256) = await SnapshotAsync(repository, a);

        var run = await RunAsync("render", "--snapshot-chunks", snapshot, "--snapshot-sha256", sha256, "--revision", a, "--template-url", repository.Path,
            "--base-chunks", ConfigMapChunks.SplitAndMount(Temp, archive, 300), "--base-sha256", TemplateArchive.Sha256([.. archive, 1]));

        run.ExitCode.Should().Be(17, run.ToString());
        run.Reason.Should().Be("ArchiveDigestMismatch");
        run.Message.Should().Contain("--base-chunks").And.Contain(TemplateArchive.Sha256(archive));
    }

    [Fact]
    public async Task The_patch_counts_toward_the_output_limit_with_the_archive()
    {
        using var repository = RevisionA();
        var a = repository.Commit("A");
        var projectA = await RenderAsync(repository, a, "{}");
        var b = RevisionB(repository).Commit("B");
        var reference = await RenderAsync(repository, b, "{}");
        var limit = reference.Result.GetProperty("archiveBytes").GetInt32() + 10;

        var run = await RenderAsync(repository, b, "{}", projectA, "--max-output-bytes", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));

        run.ExitCode.Should().Be(15, run.ToString());
        run.Reason.Should().Be("OutputTooLarge");
        run.Message.Should().Contain("patch").And.Contain(limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private TemplateRepository RevisionA() => NewRepository()
        .WriteFile("cookiecutter.json", """
            {"project_name": "Shop", "project_slug": "{{ cookiecutter.project_name|lower|replace(' ', '_') }}", "greeting": "hello",
             "use_docker": true, "old_option": "x", "_copy_without_render": ["*.bin"]}
            """)
        .WriteFile(Folder + "/README.md", "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.project_name }} says {{ cookiecutter.greeting }}.\n")
        .WriteFile(Folder + "/src/app.py", "NAME = '{{ cookiecutter.project_slug }}'\nDOCKER = {{ cookiecutter.use_docker }}\n")
        .WriteFile(Folder + "/notes.txt", "notes of the template\n")
        .WriteFile(Folder + "/obsolete.txt", "goes away in B\n")
        .WriteFile(Folder + "/scripts/run.sh", "#!/bin/sh\necho {{ cookiecutter.project_slug }}\n", executable: true)
        .WriteBytes(Folder + "/logo.bin", LogoA);

    private static TemplateRepository RevisionB(TemplateRepository repository) => repository
        .WriteFile("cookiecutter.json", """
            {"project_name": "Shop", "project_slug": "{{ cookiecutter.project_name|lower|replace(' ', '_') }}", "greeting": "hello",
             "use_docker": true, "_copy_without_render": ["*.bin"]}
            """)
        .WriteFile(Folder + "/README.md", "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.project_name }} says {{ cookiecutter.greeting }}.\nVersion 2.\n")
        .WriteFile(Folder + "/docs/guide.md", "Guide for {{ cookiecutter.project_name }}\n")
        .WriteBytes(Folder + "/logo.bin", LogoB)
        .Delete(Folder + "/obsolete.txt");

    /// <summary>Inspects the revision and mounts its snapshot as ConfigMaps (small chunks, so there are several).</summary>
    private async Task<(string Chunks, string Sha256)> SnapshotAsync(TemplateRepository repository, string sha)
    {
        var inspect = await RunAsync("inspect", "--source", repository.Path, "--ref", sha);
        inspect.ExitCode.Should().Be(0, inspect.ToString());
        return (ConfigMapChunks.SplitAndMount(Temp, Snapshot(inspect), 256), inspect.Result.GetProperty("snapshot").GetProperty("archiveSha256").GetString()!);
    }

    private Task<GeneratorRun> RenderAsync(TemplateRepository repository, string sha, string variables, GeneratorRun previous, params string[] extra) =>
        RenderAsync(repository, sha, variables, Archive(previous), extra);

    /// <summary>Renders the revision from its snapshot as the operator's render Job does, optionally updating a previous project's archive.</summary>
    private async Task<GeneratorRun> RenderAsync(TemplateRepository repository, string sha, string variables, byte[]? previous = null, params string[] extra)
    {
        var (chunks, sha256) = await SnapshotAsync(repository, sha);
        var file = Path.Combine(Temp, "variables-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(file, variables);
        List<string> arguments = ["render", "--snapshot-chunks", chunks, "--snapshot-sha256", sha256, "--revision", sha, "--template-url", repository.Path,
            "--ref", "main", "--variables-file", file, .. extra];
        if (previous is not null)
        {
            arguments.AddRange(["--base-chunks", ConfigMapChunks.SplitAndMount(Temp, previous, 300), "--base-sha256", TemplateArchive.Sha256(previous)]);
        }

        var run = await RunAsync([.. arguments]);
        if (previous is null)
        {
            run.ExitCode.Should().Be(0, run.ToString());
        }

        return run;
    }
}
