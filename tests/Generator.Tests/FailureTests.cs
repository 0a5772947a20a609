using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

/// <summary>Every broken input ends in a framed Error with its machine reason and exit code.</summary>
public sealed class FailureTests : GeneratorTestBase
{
    [Fact]
    public async Task Repository_without_cookiecutter_json_is_an_invalid_template()
    {
        using var repository = NewRepository().WriteFile("README.md", "not a template\n");
        repository.Commit("no template");

        var run = await RunAsync("inspect", "--source", repository.Path);

        run.ExitCode.Should().Be(12, run.ToString());
        run.Kind.Should().Be("Error");
        run.Reason.Should().Be("InvalidTemplate");
        run.Message.Should().Contain("no cookiecutter.json");
        run.Result.GetProperty("exitCode").GetInt32().Should().Be(12);
    }

    [Fact]
    public async Task Invalid_cookiecutter_json_is_an_invalid_template()
    {
        using var repository = NewRepository().WriteFile("cookiecutter.json", """{"project_slug": "x", """)
            .WriteFile(SampleTemplates.ProjectFolder + "/a.txt", "a\n");
        repository.Commit("broken json");

        var run = await RunAsync("inspect", "--source", repository.Path);

        run.ExitCode.Should().Be(12, run.ToString());
        run.Reason.Should().Be("InvalidTemplate");
        run.Message.Should().Contain("not valid JSON");
        run.Message.Should().NotContain(Temp, "workspace paths mean nothing to the user");
    }

    [Fact]
    public async Task Default_that_references_an_unknown_variable_is_an_invalid_template()
    {
        using var repository = NewRepository().WriteFile("cookiecutter.json", """{"project_slug": "{{ cookiecutter.nope }}"}""")
            .WriteFile(SampleTemplates.ProjectFolder + "/a.txt", "a\n");
        repository.Commit("undefined");

        var run = await RunAsync("inspect", "--source", repository.Path);

        run.ExitCode.Should().Be(12, run.ToString());
        run.Reason.Should().Be("InvalidTemplate");
        run.Message.Should().Contain("project_slug");
    }

    [Theory]
    [InlineData("no-such-branch")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("deadbeef")]
    public async Task Unknown_ref_is_revision_not_found(string reference)
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi");
        repository.Commit("template");
        repository.Tag("v1");

        var run = await RunAsync("inspect", "--source", repository.Path, "--ref", reference);

        run.ExitCode.Should().Be(11, run.ToString());
        run.Reason.Should().Be("RevisionNotFound");
        run.Message.Should().Contain(reference);
        if (!reference.All(char.IsAsciiHexDigitLower))
        {
            run.Message.Should().Contain("main").And.Contain("v1", "the error lists what exists");
        }
    }

    [Fact]
    public async Task Missing_local_repository_is_source_unreachable()
    {
        var run = await RunAsync("inspect", "--source", Path.Combine(Temp, "does-not-exist"));

        run.ExitCode.Should().Be(10, run.ToString());
        run.Reason.Should().Be("SourceUnreachable");
    }

    [Fact]
    public async Task Credentials_in_an_unreachable_url_are_redacted_everywhere()
    {
        const string secret = "s3cr3t-token-value";
        var run = await RunAsync("inspect", "--source", $"https://deploy:{secret}@127.0.0.1:9/team/template.git");

        run.ExitCode.Should().Be(10, run.ToString());
        run.Reason.Should().Be("SourceUnreachable");
        run.Message.Should().Contain("https://***@127.0.0.1:9/team/template.git");
        run.Stdout.Should().NotContain(secret);
        run.Result.GetRawText().Should().NotContain(secret).And.NotContain("deploy:");
        run.Stderr.Should().NotContain(secret);
    }

    [Fact]
    public async Task Unsupported_transport_is_refused_without_running_it()
    {
        var marker = Path.Combine(Temp, "ext-ran");
        var run = await RunAsync("inspect", "--source", $"ext::sh -c touch% {marker}");

        run.Reason.Should().Be("SourceUnreachable", run.ToString());
        File.Exists(marker).Should().BeFalse();
    }

    [Fact]
    public async Task Bad_arguments_still_produce_a_framed_error()
    {
        var run = await RunAsync("render", "--source");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Reason.Should().Be("InvalidArguments");
        run.Message.Should().Contain("usage");
    }

    [Fact]
    public async Task Variables_that_are_not_json_are_invalid_variables()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi");
        repository.Commit("template");

        var run = await RunAsync("render", "--source", repository.Path, "--variables-json", "{greeting: hi}");

        run.ExitCode.Should().Be(13, run.ToString());
        run.Reason.Should().Be("InvalidVariables");
    }

    [Fact]
    public void Frame_reader_rejects_a_payload_that_does_not_match_its_sha256()
    {
        var payload = Convert.ToBase64String("""{"kind":"Error"}"""u8.ToArray());
        var frame = $"{ResultFrameReader.Begin}\nsha256:{new string('0', 64)}\n{payload}\n{ResultFrameReader.End}\n";

        var read = () => ResultFrameReader.Read(frame);

        read.Should().Throw<FormatException>().WithMessage("*checksum*");
    }
}
