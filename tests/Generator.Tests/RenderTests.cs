using System.Formats.Tar;
using System.Text.Json;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

public sealed class RenderTests : GeneratorTestBase
{
    [Fact]
    public async Task Output_equals_plain_cookiecutter_byte_for_byte()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");
        var variables = new Dictionary<string, string> { ["project_name"] = "Hello World", ["license"] = "Apache-2.0" };

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--variables-json", JsonSerializer.Serialize(variables));
        var expected = await DirectCookiecutter.RenderAsync(repository.Path, Path.Combine(Temp, "direct"), variables);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Kind.Should().Be("RenderResult");
        run.Result.GetProperty("revision").GetString().Should().Be(sha);
        run.Result.GetProperty("projectDirectory").GetString().Should().Be("hello_world");
        var actual = Unpack(run);
        var expectedFiles = RelativeFiles(expected);
        // Exactly one file more than cookiecutter writes: the generator's record of where the project came from.
        RelativeFiles(actual).Should().Equal([.. expectedFiles.Append("hello_world/.cruft.json").Order(StringComparer.Ordinal)]);
        expectedFiles.Should().Contain(["hello_world/README.md", "hello_world/src/hello_world/__init__.py", "hello_world/logo.bin", "hello_world/data.raw"]);
        foreach (var file in expectedFiles)
        {
            File.ReadAllBytes(Path.Combine(actual, file)).Should().Equal(File.ReadAllBytes(Path.Combine(expected, file)), file);
            IsExecutable(Path.Combine(actual, file)).Should().Be(IsExecutable(Path.Combine(expected, file)), file);
        }

        var cruft = Cruft(Path.Combine(actual, "hello_world"));
        cruft.GetProperty("template").GetString().Should().Be(repository.Path);
        cruft.GetProperty("commit").GetString().Should().Be(sha);
        cruft.GetProperty("checkout").GetString().Should().Be(sha);
        cruft.GetProperty("directory").ValueKind.Should().Be(JsonValueKind.Null);
        cruft.GetProperty("skip").GetArrayLength().Should().Be(0);
        var context = cruft.GetProperty("context").GetProperty("cookiecutter");
        context.GetProperty("project_name").GetString().Should().Be("Hello World");
        context.GetProperty("project_slug").GetString().Should().Be("hello_world");
        context.GetProperty("license").GetString().Should().Be("Apache-2.0");
        context.GetProperty("_template").GetString().Should().Be(repository.Path);
        context.GetProperty("_commit").GetString().Should().Be(sha);

        File.ReadAllText(Path.Combine(actual, "hello_world/README.md")).Should().Contain("License: Apache-2.0");
        var reported = run.Result.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        reported.Keys.Should().BeEquivalentTo([.. expectedFiles, "hello_world/.cruft.json"]);
        reported["hello_world/scripts/run.sh"].GetProperty("mode").GetString().Should().Be("0755");
        reported["hello_world/README.md"].GetProperty("mode").GetString().Should().Be("0644");
        reported["hello_world/logo.bin"].GetProperty("size").GetInt64().Should().Be(10);
        reported["hello_world/logo.bin"].GetProperty("sha256").GetString().Should()
            .Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(expected, "hello_world/logo.bin")))));
    }

    [Fact]
    public async Task Archive_is_reproducible_and_carries_no_owner_or_time()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");

        var first = await RunAsync("render", "--source", repository.Path, "--ref", sha);
        var second = await RunAsync("render", "--source", repository.Path, "--ref", sha);

        first.ExitCode.Should().Be(0, first.ToString());
        first.Result.GetProperty("archive").GetString().Should().Be(second.Result.GetProperty("archive").GetString());
        var archiveBytes = Convert.FromBase64String(first.Result.GetProperty("archive").GetString()!);
        first.Result.GetProperty("archiveBytes").GetInt32().Should().Be(archiveBytes.Length);
        first.Result.GetProperty("archiveSha256").GetString().Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archiveBytes)));
        var entries = Entries(first);
        entries.Select(e => e.Name.TrimEnd('/')).Should().BeInAscendingOrder(StringComparer.Ordinal);
        entries.Should().AllSatisfy(e =>
        {
            e.ModificationTime.ToUnixTimeSeconds().Should().Be(0);
            ((PosixTarEntry)e).Uid.Should().Be(0);
            ((PosixTarEntry)e).UserName.Should().BeEmpty();
        });
        entries.Single(e => e.Name == "my_project/scripts/run.sh").Mode.Should().HaveFlag(UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task Takes_typed_variables_from_a_file_and_keeps_derived_values_derived()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");
        var file = Path.Combine(Temp, "variables.json");
        File.WriteAllText(file, """{"project_name": "Billing API", "use_docker": false, "settings": {"port": "9090", "service": "billing"}}""");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--variables-file", file);

        run.ExitCode.Should().Be(0, run.ToString());
        var readme = File.ReadAllText(Path.Combine(Unpack(run), "billing_api/README.md"));
        readme.Should().Contain("Docker: False").And.Contain("Service: billing on port 9090");
        run.Result.GetProperty("variables").GetProperty("project_slug").GetString().Should().Be("billing_api");
    }

    [Fact]
    public async Task Renders_one_template_of_a_repository_through_its_directory()
    {
        using var repository = NewRepository()
            .WriteSmallTemplate("templates/api", "api_name", "orders")
            .WriteSmallTemplate("templates/web", "site_name", "shop");
        var sha = repository.Commit("two templates");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--directory", "templates/web", "--variables-json", """{"site_name":"outlet"}""");

        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllText(Path.Combine(Unpack(run), "demo/hello.txt")).Should().Be("outlet\n");
    }

    [Theory]
    [InlineData("""{"license": "WTFPL"}""", "license")]
    [InlineData("""{"colour": "red"}""", "colour")]
    [InlineData("""{"use_docker": "yes"}""", "use_docker")]
    [InlineData("""{"project_name": 42}""", "project_name")]
    [InlineData("""{"settings": "port=1"}""", "settings")]
    [InlineData("""{"_private": "x"}""", "_private")]
    public async Task Refuses_variables_that_do_not_fit_before_rendering(string variables, string culprit)
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--variables-json", variables);

        run.ExitCode.Should().Be(13, run.ToString());
        run.Reason.Should().Be("InvalidVariables");
        run.Result.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("variable").GetString()).Should().Equal(culprit);
        run.Message.Should().Contain(culprit);
    }

    [Fact]
    public async Task A_templated_choice_renders_with_the_value_inspect_published_and_refuses_one_it_did_not()
    {
        using var repository = NewRepository()
            .WriteFile("cookiecutter.json", """{"project_slug": "demo", "default_license": "Apache-2.0", "license": ["{{cookiecutter.default_license}}", "MIT"]}""")
            .WriteFile("{{cookiecutter.project_slug}}/LICENSE", "License: {{cookiecutter.license}}\n");
        var sha = repository.Commit("templated choice");
        var inspected = await RunAsync("inspect", "--source", repository.Path, "--ref", sha);
        var published = Variable(inspected, "license").GetProperty("choices").EnumerateArray().Select(c => c.GetString()!).ToList();
        var choices = Path.Combine(Temp, "choices.json");
        File.WriteAllText(choices, JsonSerializer.Serialize(new Dictionary<string, List<string>> { ["license"] = published }));

        var rendered = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--choices-file", choices, "--variables-json", """{"license": "Apache-2.0"}""");
        var other = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--choices-file", choices, "--variables-json", """{"license": "MIT"}""");
        var refused = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--choices-file", choices, "--variables-json", """{"license": "GPL-3.0"}""");
        var raw = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--variables-json", """{"license": "Apache-2.0"}""");

        published.Should().Equal("Apache-2.0", "MIT");
        rendered.ExitCode.Should().Be(0, rendered.ToString());
        File.ReadAllText(Path.Combine(Unpack(rendered), "demo/LICENSE")).Should().Be("License: Apache-2.0\n");
        rendered.Result.GetProperty("variables").GetProperty("license").GetString().Should().Be("Apache-2.0");
        File.ReadAllText(Path.Combine(Unpack(other), "demo/LICENSE")).Should().Be("License: MIT\n");
        refused.ExitCode.Should().Be(13, refused.ToString());
        refused.Reason.Should().Be("InvalidVariables");
        refused.Result.GetProperty("problems").EnumerateArray().Single().GetProperty("message").GetString().Should().Be("'GPL-3.0' is not one of: Apache-2.0, MIT");
        raw.Reason.Should().Be("InvalidVariables", "without --choices-file the raw cookiecutter.json decides, for direct use");
    }

    [Fact]
    public async Task A_published_choice_selects_the_option_at_its_position_which_follows_the_variable_it_is_templated_on()
    {
        using var repository = NewRepository()
            .WriteFile("cookiecutter.json", """{"project_slug": "demo", "default_license": "Apache-2.0", "license": ["{{cookiecutter.default_license}}", "MIT"]}""")
            .WriteFile("{{cookiecutter.project_slug}}/LICENSE", "License: {{cookiecutter.license}}\n");
        var sha = repository.Commit("templated choice");
        var choices = Path.Combine(Temp, "choices.json");
        File.WriteAllText(choices, """{"license": ["Apache-2.0", "MIT"]}""");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--choices-file", choices,
            "--variables-json", """{"license": "Apache-2.0", "default_license": "BSD-3-Clause"}""");

        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllText(Path.Combine(Unpack(run), "demo/LICENSE")).Should().Be("License: BSD-3-Clause\n");
    }

    [Theory]
    [InlineData("""{"license": ["Apache-2.0"]}""", "lists 1 choices")]
    [InlineData("""{"project_slug": ["demo"]}""", "no choice variable")]
    [InlineData("""{"license": "MIT"}""", "JSON object of variable name")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task A_choices_file_that_does_not_describe_the_template_is_an_invalid_argument(string content, string message)
    {
        using var repository = NewRepository()
            .WriteFile("cookiecutter.json", """{"project_slug": "demo", "default_license": "Apache-2.0", "license": ["{{cookiecutter.default_license}}", "MIT"]}""")
            .WriteFile("{{cookiecutter.project_slug}}/LICENSE", "License: {{cookiecutter.license}}\n");
        var sha = repository.Commit("templated choice");
        var choices = Path.Combine(Temp, "choices.json");
        File.WriteAllText(choices, content);

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--choices-file", choices, "--variables-json", "{}");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Reason.Should().Be("InvalidArguments");
        run.Message.Should().Contain(message);
    }

    private static List<string> RelativeFiles(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
}
