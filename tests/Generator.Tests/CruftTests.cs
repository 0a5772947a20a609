using System.Text.Json;
using DynamoMcp.Generator.Tests.Archives;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

/// <summary>Every render writes cruft's record (https://github.com/cruft/cruft, `cruft create`) into the project: .cruft.json.</summary>
public sealed class CruftTests : GeneratorTestBase
{
    [Fact]
    public async Task The_record_has_cruft_s_fields_format_and_the_final_variables()
    {
        using var repository = NewRepository().WriteFullTemplate("templates/full");
        var sha = repository.Commit("full template");
        var inspect = await RunAsync("inspect", "--source", repository.Path, "--ref", sha, "--directory", "templates/full");
        var chunks = ConfigMapChunks.SplitAndMount(Temp, Snapshot(inspect));
        var variables = Path.Combine(Temp, "variables.json");
        File.WriteAllText(variables, """{"project_name": "Billing API", "license": "BSD-3-Clause", "settings": {"port": "9090", "service": "billing"}}""");
        const string url = "https://git.example.com/org/templates.git";

        var run = await RunAsync("render", "--snapshot-chunks", chunks, "--snapshot-sha256", inspect.Result.GetProperty("snapshot").GetProperty("archiveSha256").GetString()!,
            "--revision", sha, "--template-url", url, "--ref", "v1.2", "--directory", "templates/full", "--variables-file", variables);

        run.ExitCode.Should().Be(0, run.ToString());
        var project = Path.Combine(Unpack(run), "billing_api");
        var text = File.ReadAllText(Path.Combine(project, ".cruft.json"));
        text.Should().StartWith("{\n  \"template\": ").And.EndWith("}\n", "cruft's json_dumps: indent 2 and a trailing newline");
        var cruft = Cruft(project);
        cruft.EnumerateObject().Select(p => p.Name).Should().Equal("template", "commit", "checkout", "context", "directory", "skip");
        cruft.GetProperty("template").GetString().Should().Be(url);
        cruft.GetProperty("commit").GetString().Should().Be(sha);
        cruft.GetProperty("checkout").GetString().Should().Be("v1.2");
        cruft.GetProperty("directory").GetString().Should().Be("templates/full");
        cruft.GetProperty("skip").GetArrayLength().Should().Be(0);
        cruft.GetProperty("context").EnumerateObject().Select(p => p.Name).Should().Equal("cookiecutter");
        var context = cruft.GetProperty("context").GetProperty("cookiecutter");
        context.EnumerateObject().Select(p => p.Name).Should().Equal(
            "project_name", "project_slug", "license", "use_docker", "settings", "_private", "__dunder", "_copy_without_render", "__prompts__", "_template", "_commit");
        foreach (var variable in run.Result.GetProperty("variables").EnumerateObject())
        {
            JsonElement.DeepEquals(context.GetProperty(variable.Name), variable.Value).Should().BeTrue("the public variables are the render's final ones: " + variable.Name);
        }

        context.GetProperty("project_name").GetString().Should().Be("Billing API");
        context.GetProperty("project_slug").GetString().Should().Be("billing_api", "derived values are recorded as rendered");
        context.GetProperty("license").GetString().Should().Be("BSD-3-Clause");
        context.GetProperty("settings").GetProperty("service").GetString().Should().Be("billing");
        context.GetProperty("_private").GetString().Should().Be("not an input");
        context.GetProperty("__dunder").GetString().Should().Be("not an input either");
        context.GetProperty("_copy_without_render").EnumerateArray().Select(e => e.GetString()).Should().Equal("*.raw");
        context.GetProperty("__prompts__").GetProperty("project_name").GetString().Should().Be("What is the project called?");
        context.GetProperty("_template").GetString().Should().Be(url);
        context.GetProperty("_commit").GetString().Should().Be(sha);

        var listed = run.Result.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "billing_api/.cruft.json");
        listed.GetProperty("size").GetInt64().Should().Be(new FileInfo(Path.Combine(project, ".cruft.json")).Length);
        listed.GetProperty("sha256").GetString().Should().Be(TemplateArchive.Sha256(File.ReadAllBytes(Path.Combine(project, ".cruft.json"))));
    }

    [Fact]
    public async Task A_git_render_without_ref_records_its_source_the_commit_it_resolved_and_a_null_checkout()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi");
        repository.Commit("small");

        var run = await RunAsync("render", "--source", "file://" + repository.Path);

        run.ExitCode.Should().Be(0, run.ToString());
        var cruft = Cruft(Path.Combine(Unpack(run), "demo"));
        cruft.GetProperty("template").GetString().Should().Be("file://" + repository.Path);
        cruft.GetProperty("commit").GetString().Should().Be(repository.Head);
        cruft.GetProperty("checkout").ValueKind.Should().Be(JsonValueKind.Null);
        cruft.GetProperty("directory").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_cruft_json_the_template_generates_is_replaced_by_the_generators()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteFile(SampleTemplates.ProjectFolder + "/.cruft.json", """{"template": "https://evil.example.com/x.git", "commit": "forged"}""");
        var sha = repository.Commit("a template with its own .cruft.json");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha);

        run.ExitCode.Should().Be(0, run.ToString());
        var cruft = Cruft(Path.Combine(Unpack(run), "demo"));
        cruft.GetProperty("template").GetString().Should().Be(repository.Path);
        cruft.GetProperty("commit").GetString().Should().Be(sha);
        run.Stderr.Should().Contain("generated its own .cruft.json");
    }
}
