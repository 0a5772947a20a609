using DynamoMcp.Generator.Tests.Archives;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

/// <summary>`render --archive-file`: the archive also goes to a new file in a shared volume, its sha256 beside it.</summary>
public sealed class ArchiveFileTests : GeneratorTestBase
{
    [Fact]
    public async Task The_archive_is_written_to_the_file_with_its_digest_beside_it()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");
        var shared = Path.Combine(Temp, "shared");
        Directory.CreateDirectory(shared);
        var target = Path.Combine(shared, "project.tar.gz");

        var run = await RunAsync(new Dictionary<string, string> { ["DYNAMO_ARCHIVE_FILE"] = target }, "render", "--source", repository.Path, "--ref", sha);
        var inFrame = await RunAsync("render", "--source", repository.Path, "--ref", sha);

        run.ExitCode.Should().Be(0, run.ToString());
        var written = File.ReadAllBytes(target);
        Convert.FromBase64String(run.Result.GetProperty("archive").GetString()!).Should().Equal(written, "the frame keeps the archive for the inline copy");
        File.ReadAllText(target + ".sha256").Should().Be(TemplateArchive.Sha256(written) + "\n");
        run.Result.GetProperty("archiveBytes").GetInt32().Should().Be(written.Length);
        run.Result.GetProperty("archiveSha256").GetString().Should().Be(TemplateArchive.Sha256(written));
        written.Should().Equal(Archive(inFrame), "the same archive a render without --archive-file puts into its frame");
        Tree(UnpackArchive(written)).Keys.Should().BeEquivalentTo(run.Result.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task An_existing_file_or_a_missing_folder_is_refused_before_rendering()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi");
        var sha = repository.Commit("small");
        var existing = Path.Combine(Temp, "existing.tar.gz");
        File.WriteAllText(existing, "keep me");

        var exists = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--archive-file", existing);
        var noFolder = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--archive-file", Path.Combine(Temp, "missing", "project.tar.gz"));
        var relative = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--archive-file", "project.tar.gz");

        exists.Reason.Should().Be("InvalidArguments", exists.ToString());
        exists.Message.Should().Contain("exists already");
        File.ReadAllText(existing).Should().Be("keep me");
        noFolder.Reason.Should().Be("InvalidArguments", noFolder.ToString());
        noFolder.Message.Should().Contain("does not exist");
        relative.Reason.Should().Be("InvalidArguments", relative.ToString());
        relative.Message.Should().Contain("absolute path");
    }
}
