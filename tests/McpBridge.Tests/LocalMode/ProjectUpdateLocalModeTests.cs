using System.Diagnostics;
using System.Text.Json;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Generator.Tests.Templates;
using DynamoMcp.LocalCluster.LocalMode;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The update path a user takes, in local mode with its sandbox: create_project at commit A of a real template
/// history; commit B changes a templated file and adds one; check_project_update says the template moved on;
/// update_project returns a patch that `git apply` applies cleanly to the project generated at A, giving exactly the
/// project rendered at B.
/// </summary>
public sealed class ProjectUpdateLocalModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Write(TemplateRepository repository, string greeting, bool withChangelog)
    {
        repository
            .WriteFile("cookiecutter.json", """{"project_name": "Demo", "project_slug": "{{ cookiecutter.project_name | lower }}", "port": 8080}""")
            .WriteFile("{{cookiecutter.project_slug}}/README.md", $"# {{{{ cookiecutter.project_name }}}}\n\n{greeting} on port {{{{ cookiecutter.port }}}}.\n")
            .WriteFile("{{cookiecutter.project_slug}}/app.py", "PORT = {{ cookiecutter.port }}\n");
        if (withChangelog)
        {
            repository.WriteFile("{{cookiecutter.project_slug}}/CHANGELOG.md", "# {{ cookiecutter.project_name }} changes\n");
        }
    }

    [Fact]
    public async Task Update_project_returns_a_patch_that_git_apply_turns_the_project_at_A_into_the_project_at_B()
    {
        var fixtures = Directory.CreateTempSubdirectory("update-templates-").FullName;
        var dataDirectory = Directory.CreateTempSubdirectory("update-data-").FullName;
        using var template = TemplateRepository.Create(fixtures);
        Write(template, "Serving", withChangelog: false);
        var a = template.Commit("A");
        try
        {
            await using var local = await LocalModeHost.StartAsync(
                new LocalModeOptions { DataDirectory = dataDirectory, McpPort = 0, TemplateFolders = [fixtures] }, NullLoggerFactory.Instance, Ct);
            var kubeconfig = Path.Combine(dataDirectory, "kubeconfig");
            await KubectlOkAsync(kubeconfig, $"""
                apiVersion: dynamo-mcp.io/v1alpha1
                kind: CookiecutterTemplate
                metadata:
                  name: service
                  namespace: default
                spec:
                  source:
                    git:
                      url: file://{template.Path}
                      ref: main
                """, "apply", "-f", "-");
            await KubectlOkAsync(kubeconfig, null, "wait", "--for=condition=Ready", "cct/service", "--timeout=120s");

            await using var client = await McpClient.CreateAsync(
                new HttpClientTransport(new HttpClientTransportOptions { Endpoint = local.McpEndpoint! }), cancellationToken: Ct);
            var created = await CallOkAsync(client, "create_project", new()
            {
                ["template"] = "service",
                ["name"] = "shop",
                ["variables"] = new Dictionary<string, object?> { ["project_name"] = "Shop" },
            });
            created.GetProperty("phase").GetString().Should().Be("Succeeded", created.ToString());

            // B: a templated file changes, a file is added.
            Write(template, "Listening", withChangelog: true);
            var b = template.Commit("B");
            await KubectlOkAsync(kubeconfig, null, "annotate", "--overwrite", "cct/service", $"dynamo-mcp.io/refresh-requested-at={Guid.NewGuid():N}");
            await WaitAsync(async () => await KubectlOkAsync(kubeconfig, null, "get", "cct/service", "-o", "jsonpath={.status.resolvedRevision}") == b, "the template at B");

            var check = await CallOkAsync(client, "check_project_update", new() { ["project"] = "shop" });
            (check.GetProperty("upToDate").GetBoolean(), check.GetProperty("projectRevision").GetString(), check.GetProperty("templateRevision").GetString())
                .Should().Be((false, a, b), check.ToString());

            var update = await CallOkAsync(client, "update_project", new() { ["project"] = "shop", ["variables"] = new Dictionary<string, object?> { ["port"] = 9090 } });
            (update.GetProperty("fromRevision").GetString(), update.GetProperty("toRevision").GetString()).Should().Be((a, b), update.ToString());
            update.GetProperty("files").EnumerateArray().Select(f => (f.GetProperty("path").GetString(), f.GetProperty("change").GetString()))
                .Should().Equal((".cruft.json", "modified"), ("CHANGELOG.md", "added"), ("README.md", "modified"), ("app.py", "modified"));
            var patch = update.GetProperty("patch").GetString()!;
            update.GetProperty("patchTruncated").GetBoolean().Should().BeFalse();

            // The user's copy of the project generated at A, with git, takes the patch.
            using var kubernetes = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            var reader = new ScaffoldResultReader(kubernetes);
            var work = Directory.CreateTempSubdirectory("update-apply-").FullName;
            foreach (var (path, bytes) in ScaffoldArchive.ReadAll((await reader.GetArchiveAsync("default", "shop", Ct))!))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, path))!);
                await File.WriteAllBytesAsync(Path.Combine(work, path), bytes, Ct);
            }

            var project = Path.Combine(work, "shop");
            await GitAsync(project, "init", "-q");
            await GitAsync(project, "add", "-A");
            await GitAsync(project, "commit", "-q", "-m", "generated at A");
            await File.WriteAllTextAsync(Path.Combine(work, "update.patch"), patch, Ct);
            await GitAsync(project, "apply", "-3", "--index", Path.Combine(work, "update.patch"));

            var expected = ScaffoldArchive.ReadAll((await reader.GetArchiveAsync("default", update.GetProperty("name").GetString()!, Ct))!)
                .ToDictionary(f => f.Key["shop/".Length..], f => f.Value);
            var actual = Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(project, f).StartsWith(".git/", StringComparison.Ordinal))
                .ToDictionary(f => Path.GetRelativePath(project, f), File.ReadAllBytes);
            actual.Keys.Should().BeEquivalentTo(expected.Keys);
            foreach (var (path, bytes) in expected)
            {
                actual[path].Should().Equal(bytes, path);
            }

            System.Text.Encoding.UTF8.GetString(actual["README.md"]).Should().Be("# Shop\n\nListening on port 9090.\n");
            var cruft = JsonDocument.Parse(actual[".cruft.json"]).RootElement;
            cruft.GetProperty("commit").GetString().Should().Be(b);
            cruft.GetProperty("context").GetProperty("cookiecutter").GetProperty("project_name").GetString().Should().Be("Shop", "kept from the project at A");
            Directory.Delete(work, recursive: true);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
            Directory.Delete(fixtures, recursive: true);
        }
    }

    private static async Task<JsonElement> CallOkAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: Ct);
        result.IsError.Should().NotBe(true, string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
        return result.StructuredContent!.Value;
    }

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await done())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"waiting for {what}");
            await Task.Delay(200, Ct);
        }
    }

    private static async Task<string> KubectlOkAsync(string kubeconfig, string? stdin, params string[] args)
    {
        var (exitCode, output) = await Kubectl.RunAsync(kubeconfig, stdin, Ct, args);
        exitCode.Should().Be(0, $"kubectl {string.Join(' ', args)}: {output}");
        return output;
    }

    private static async Task GitAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.autocrlf=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        process.ExitCode.Should().Be(0, $"git {string.Join(' ', arguments)}: {error}");
    }
}
