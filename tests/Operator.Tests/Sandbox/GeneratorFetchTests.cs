using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Operator.Tests.Sandbox;

/// <summary>The generator's fetch step and render --checked-out, as the render Job's two containers use them.</summary>
public sealed class GeneratorFetchTests
{
    [Fact]
    public async Task Fetch_checks_out_the_pinned_commit_and_render_refuses_a_checkout_at_another_commit()
    {
        Assert.SkipWhen(GeneratorProcess.MissingPrerequisite is not null, GeneratorProcess.MissingPrerequisite ?? "");
        using var repository = TemplateRepository.Create();
        repository.WriteSmallTemplate("", "greeting", "one");
        var first = repository.Commit("one");
        repository.WriteSmallTemplate("", "greeting", "two").Commit("two");
        var work = Directory.CreateTempSubdirectory("fetch-test-").FullName;
        try
        {
            var destination = Path.Combine(work, "source");
            var fetch = await GeneratorProcess.RunAsync(work, ["fetch", "--source", repository.Path, "--ref", first, "--destination", destination]);
            fetch.ExitCode.Should().Be(0, fetch.Stderr);
            fetch.Result.GetProperty("kind").GetString().Should().Be("FetchResult");
            fetch.Result.GetProperty("revision").GetString().Should().Be(first);
            File.ReadAllText(Path.Combine(destination, "cookiecutter.json")).Should().Contain("one");

            var render = await GeneratorProcess.RunAsync(work, ["render", "--source", destination, "--ref", first, "--checked-out"]);
            render.ExitCode.Should().Be(0, render.Stderr);
            render.Result.GetProperty("revision").GetString().Should().Be(first);

            var wrong = await GeneratorProcess.RunAsync(work, ["render", "--source", destination, "--ref", repository.Head, "--checked-out"]);
            wrong.ExitCode.Should().Be(11);
            wrong.Result.GetProperty("reason").GetString().Should().Be("RevisionNotFound");

            var notEmpty = await GeneratorProcess.RunAsync(work, ["fetch", "--source", repository.Path, "--ref", first, "--destination", destination]);
            notEmpty.Result.GetProperty("reason").GetString().Should().Be("InvalidArguments");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
