using System.Text.Json;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

public sealed class InspectTests : GeneratorTestBase
{
    [Fact]
    public async Task Reports_each_input_variable_with_type_default_choices_and_description()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");

        var run = await RunAsync("inspect", "--source", repository.Path);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Kind.Should().Be("InspectResult");
        run.Result.GetProperty("version").GetInt32().Should().Be(1);
        run.Result.GetProperty("revision").GetString().Should().Be(sha);
        run.Result.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("name").GetString())
            .Should().Equal("project_name", "project_slug", "license", "use_docker", "settings");

        var name = Variable(run, "project_name");
        name.GetProperty("type").GetString().Should().Be("string");
        name.GetProperty("default").GetString().Should().Be("My Project");
        name.GetProperty("derived").GetBoolean().Should().BeFalse();
        name.GetProperty("description").GetString().Should().Be("What is the project called?");

        var slug = Variable(run, "project_slug");
        slug.GetProperty("default").GetString().Should().Be("my_project");
        slug.GetProperty("derived").GetBoolean().Should().BeTrue();
        slug.TryGetProperty("description", out _).Should().BeFalse();

        var license = Variable(run, "license");
        license.GetProperty("type").GetString().Should().Be("choice");
        license.GetProperty("choices").EnumerateArray().Select(c => c.GetString()).Should().Equal("MIT", "BSD-3-Clause", "Apache-2.0");
        license.GetProperty("default").GetString().Should().Be("MIT");
        license.GetProperty("description").GetString().Should().Be("Which license?");
        license.GetProperty("choiceLabels").GetProperty("MIT").GetString().Should().Be("MIT License");

        var docker = Variable(run, "use_docker");
        docker.GetProperty("type").GetString().Should().Be("boolean");
        docker.GetProperty("default").GetBoolean().Should().BeTrue();

        var settings = Variable(run, "settings");
        settings.GetProperty("type").GetString().Should().Be("object");
        settings.GetProperty("default").GetProperty("service").GetString().Should().Be("my_project-svc");
        settings.GetProperty("derived").GetBoolean().Should().BeTrue();

        var template = run.Result.GetProperty("template");
        template.GetProperty("projectDirectory").GetString().Should().Be(SampleTemplates.ProjectFolder);
        template.GetProperty("hasHooks").GetBoolean().Should().BeFalse();
        template.GetProperty("copyWithoutRender").EnumerateArray().Select(c => c.GetString()).Should().Equal("*.raw");
    }

    [Fact]
    public async Task Json_schema_accepts_the_defaults_and_rejects_a_bad_choice_and_unknown_names()
    {
        using var repository = NewRepository().WriteFullTemplate();
        repository.Commit("full template");

        var run = await RunAsync("inspect", "--source", repository.Path);

        run.ExitCode.Should().Be(0, run.ToString());
        var schema = run.Result.GetProperty("schema");
        schema.GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
        schema.GetProperty("type").GetString().Should().Be("object");
        schema.GetProperty("additionalProperties").ValueKind.Should().Be(JsonValueKind.False);
        schema.TryGetProperty("required", out _).Should().BeFalse("every variable has a default");
        schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Equal("project_name", "project_slug", "license", "use_docker", "settings");
        schema.GetProperty("properties").GetProperty("project_name").GetProperty("maxLength").GetInt32().Should().Be(1024);
        schema.GetProperty("properties").GetProperty("license").GetProperty("description").GetString().Should().Be("Which license?");

        var defaults = JsonSerializer.SerializeToElement(schema.GetProperty("properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("default")));
        JsonSchemaCheck.Validate(schema, defaults).Should().BeEmpty();
        JsonSchemaCheck.Validate(schema, JsonSerializer.SerializeToElement(new { license = "WTFPL" }))
            .Should().ContainSingle().Which.Should().Contain("license");
        JsonSchemaCheck.Validate(schema, JsonSerializer.SerializeToElement(new { use_docker = "yes", colour = "red" }))
            .Should().HaveCount(2);
        JsonSchemaCheck.Validate(schema, JsonSerializer.SerializeToElement(new { project_name = new string('x', 1025) }))
            .Should().ContainSingle();
    }

    [Fact]
    public async Task Resolves_branch_tag_annotated_tag_and_commit_to_their_own_revision()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "first");
        var first = repository.Commit("first");
        repository.Tag("v1");
        repository.WriteSmallTemplate("", "greeting", "second");
        var second = repository.Commit("second");
        repository.Tag("v2", annotated: true);
        repository.CreateBranch("feature").WriteSmallTemplate("", "greeting", "on-branch");
        var branch = repository.Commit("branch");
        repository.SwitchTo("main");

        var cases = new (string? Ref, string Sha, string Greeting)[]
        {
            (null, second, "second"), ("main", second, "second"), ("feature", branch, "on-branch"),
            ("v1", first, "first"), ("v2", second, "second"), (first, first, "first"), (first[..10], first, "first"),
        };
        foreach (var (reference, sha, greeting) in cases)
        {
            var run = reference is null
                ? await RunAsync("inspect", "--source", repository.Path)
                : await RunAsync("inspect", "--source", repository.Path, "--ref", reference);
            run.ExitCode.Should().Be(0, run.ToString());
            run.Result.GetProperty("revision").GetString().Should().Be(sha, $"ref {reference ?? "(default)"}");
            Variable(run, "greeting").GetProperty("default").GetString().Should().Be(greeting, $"ref {reference ?? "(default)"}");
        }
    }

    [Fact]
    public async Task Reads_each_template_of_a_repository_through_its_directory()
    {
        using var repository = NewRepository()
            .WriteSmallTemplate("templates/api", "api_name", "orders")
            .WriteSmallTemplate("templates/web", "site_name", "shop")
            .WriteFile("README.md", "two templates\n");
        repository.Commit("two templates");

        var api = await RunAsync("inspect", "--source", repository.Path, "--directory", "templates/api");
        var web = await RunAsync("inspect", "--source", repository.Path, "--directory", "templates/web/");
        var root = await RunAsync("inspect", "--source", repository.Path);

        api.ExitCode.Should().Be(0, api.ToString());
        Variable(api, "api_name").GetProperty("default").GetString().Should().Be("orders");
        api.Result.GetProperty("schema").GetProperty("title").GetString().Should().Be("api");
        web.ExitCode.Should().Be(0, web.ToString());
        Variable(web, "site_name").GetProperty("default").GetString().Should().Be("shop");
        root.Reason.Should().Be("InvalidTemplate", "the repository root holds no cookiecutter.json");
    }

    [Fact]
    public async Task Reports_hooks_without_running_them()
    {
        var marker = Path.Combine(Temp, "inspect-hook-marker");
        using var repository = NewRepository().WriteHookTemplate(marker);
        repository.Commit("hooks");

        var run = await RunAsync("inspect", "--source", repository.Path);

        run.ExitCode.Should().Be(0, run.ToString());
        var template = run.Result.GetProperty("template");
        template.GetProperty("hasHooks").GetBoolean().Should().BeTrue();
        template.GetProperty("hooks").EnumerateArray().Select(h => h.GetString()).Should().Equal("post_gen_project", "pre_gen_project");
        File.Exists(marker).Should().BeFalse();
    }
}
