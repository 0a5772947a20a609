using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Generator.Tests.Templates;
using DynamoMcp.McpBridge.Tests.Integration;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The README's promise: one command gives an MCP endpoint that a client uses end to end, and kubectl with the
/// printed kubeconfig sees the same resources; Ctrl-C stops it cleanly and starting again keeps everything.
/// </summary>
public sealed class LocalModeProcessTests
{
    [Fact]
    public async Task One_command_serves_mcp_and_kubectl_end_to_end_and_a_restart_keeps_everything()
    {
        var ct = TestContext.Current.CancellationToken;
        await TypeScriptClient.EnsureInstalledAsync(ct);
        var fixtures = Directory.CreateTempSubdirectory("local-mode-templates-").FullName;
        using var template = TemplateRepository.Create(fixtures)
            .WriteFile("cookiecutter.json", """{"project_name": "Local Demo", "project_slug": "{{ cookiecutter.project_name|lower|replace(' ', '-') }}", "license": ["MIT", "BSD-3"]}""")
            .WriteFile("{{cookiecutter.project_slug}}/README.md", "# {{cookiecutter.project_name}} ({{cookiecutter.license}})\n");
        template.Commit("template");
        var dataDir = Directory.CreateTempSubdirectory("local-mode-data-").FullName;
        string[] args = ["--data-dir", dataDir, "--mcp-port", LocalModeProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--template-folder", fixtures];

        await using (var local = await LocalModeProcess.StartAsync(args, ct))
        {
            local.Transcript.Should().Contain("sandbox limits:").And.Contain("server network:", "the banner says what confines the pods");
            var manifest = $"""
                apiVersion: dynamo-mcp.io/v1alpha1
                kind: CookiecutterTemplate
                metadata:
                  name: local-demo
                  namespace: default
                spec:
                  description: A template from a local git repository
                  source:
                    git:
                      url: file://{template.Path}
                      ref: main
                """;
            (await Kubectl.RunAsync(local.Kubeconfig, manifest, ct, "apply", "-f", "-")).ExitCode.Should().Be(0, local.Transcript);
            var wait = await Kubectl.RunAsync(local.Kubeconfig, null, ct, "wait", "--for=condition=Ready", "cct/local-demo", "--timeout=120s");
            wait.ExitCode.Should().Be(0, $"{wait.Output}\n{local.Transcript}");

            await using var client = await TypeScriptClient.StartAsync(local.McpEndpoint, "local-mode-needs-no-key", ct);
            var tools = await client.RunAsync("listTools", null, ct);
            tools.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).Should().Contain(["list_templates", "create_project", "scaffold_local-demo"]);

            // The local mode serves the sample catalog, so a model can find templates to add.
            var discovered = await client.RunAsync("callTool", new JsonObject { ["name"] = "discover_templates", ["arguments"] = new JsonObject { ["text"] = "django" } }, ct);
            var found = discovered.GetProperty("result");
            (found.TryGetProperty("isError", out var discoverError) && discoverError.GetBoolean()).Should().BeFalse(found.ToString());
            found.ToString().Should().Contain("https://github.com/cookiecutter/cookiecutter-django");

            var created = await client.RunAsync(
                "callTool",
                new JsonObject
                {
                    ["name"] = "create_project",
                    ["arguments"] = new JsonObject { ["template"] = "local-demo", ["name"] = "from-ts", ["variables"] = new JsonObject { ["project_name"] = "Hello World", ["license"] = "BSD-3" } },
                    ["progress"] = true,
                },
                ct);
            var result = created.GetProperty("result");
            (result.TryGetProperty("isError", out var isError) && isError.GetBoolean()).Should().BeFalse(result.ToString());
            result.ToString().Should().Contain("Succeeded");

            var misnamed = await client.RunAsync(
                "callTool",
                new JsonObject { ["name"] = "read_project_file", ["arguments"] = new JsonObject { ["project"] = "from-ts", ["path"] = "hello-world/README.md" } },
                ct);
            misnamed.GetProperty("result").ToString().Should().Contain("isError").And.Contain("'name'", "a missing required argument is named");

            var file = await client.RunAsync(
                "callTool",
                new JsonObject { ["name"] = "read_project_file", ["arguments"] = new JsonObject { ["name"] = "from-ts", ["path"] = "hello-world/README.md" } },
                ct);
            file.GetProperty("result").ToString().Should().Contain("# Hello World (BSD-3)");

            var scaffolds = await Kubectl.RunAsync(local.Kubeconfig, null, ct, "get", "scaffolds", "-o", "jsonpath={.items[*].status.phase}");
            scaffolds.Output.Should().Be("Succeeded");

            (await local.InterruptAsync(ct)).Should().Be(0, local.Transcript);
        }

        await using (var again = await LocalModeProcess.StartAsync(args, ct))
        {
            var kept = await Kubectl.RunAsync(again.Kubeconfig, null, ct, "get", "cct", "local-demo", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
            kept.Output.Should().Be("True", again.Transcript);
            await using var client = await TypeScriptClient.StartAsync(again.McpEndpoint, "local-mode-needs-no-key", ct);
            var listed = await client.RunAsync("callTool", new JsonObject { ["name"] = "list_templates", ["arguments"] = new JsonObject() }, ct);
            listed.GetProperty("result").ToString().Should().Contain("local-demo");
            (await again.InterruptAsync(ct)).Should().Be(0, again.Transcript);
        }
    }
}
