using System.Text.Json;
using DynamoMcp.Generator.Tests.Templates;
using DynamoMcp.LocalCluster.LocalMode;
using DynamoMcp.McpBridge.Tests.Integration;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The Workflow sample, unchanged, in local mode with its sandbox: a Scaffold of the pypackage template, a sandboxed
/// container counting the files of the generated project, and a tool call recording the result in the real
/// server-memory (the McpServer sample, also unchanged, run with npx behind the stdio front). Run once with kubectl
/// (the WorkflowRun sample) and once through the bridge's workflow_new-python-package tool; the graph in server-memory,
/// read back through the gateway, holds both.
/// </summary>
public sealed class WorkflowSampleTests
{
    private const string Run = "new-python-package-analytical-engine";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Sample(string kind) => Path.Combine(RepositoryRoot.Find(), "config", "samples", $"dynamo-mcp.io_v1alpha1_{kind}.yaml");

    [Fact]
    public async Task The_sample_scaffolds_counts_the_files_in_a_container_and_records_them_in_server_memory()
    {
        var fixtures = Directory.CreateTempSubdirectory("workflow-sample-templates-").FullName;
        var dataDirectory = Directory.CreateTempSubdirectory("workflow-sample-data-").FullName;
        // A stand-in for github.com/audreyfeldroy/cookiecutter-pypackage (no internet here) with the variables the sample sets.
        using var template = TemplateRepository.Create(fixtures)
            .WriteFile("cookiecutter.json", """{"project_name": "Python Boilerplate", "full_name": "Audrey", "project_slug": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}"}""")
            .WriteFile("{{cookiecutter.project_slug}}/README.md", "# {{ cookiecutter.project_name }}\n\nBy {{ cookiecutter.full_name }}.\n")
            .WriteFile("{{cookiecutter.project_slug}}/pyproject.toml", "[project]\nname = \"{{ cookiecutter.project_slug }}\"\n")
            .WriteFile("{{cookiecutter.project_slug}}/src/{{cookiecutter.project_slug}}/__init__.py", "\"\"\"{{ cookiecutter.project_name }}.\"\"\"\n")
            .WriteFile("{{cookiecutter.project_slug}}/tests/test_{{cookiecutter.project_slug}}.py", "def test_import():\n    import {{ cookiecutter.project_slug }}\n");
        var revision = template.Commit("pypackage stand-in");
        try
        {
            await using var local = await LocalModeHost.StartAsync(
                new LocalModeOptions { DataDirectory = dataDirectory, McpPort = 0, TemplateFolders = [fixtures] }, NullLoggerFactory.Instance, Ct);
            var kubeconfig = Path.Combine(dataDirectory, "kubeconfig");
            var templateManifest = $"""
                apiVersion: dynamo-mcp.io/v1alpha1
                kind: CookiecutterTemplate
                metadata:
                  name: pypackage
                  namespace: default
                spec:
                  source:
                    git:
                      url: file://{template.Path}
                      ref: main
                """;
            await KubectlOkAsync(kubeconfig, templateManifest, "apply", "-f", "-");
            await KubectlOkAsync(kubeconfig, null, "apply", "-f", Sample("mcpserver-memory"), "-f", Sample("workflow"));
            await KubectlOkAsync(kubeconfig, null, "wait", "--for=condition=Ready", "cct/pypackage", "mcps/memory", "--timeout=300s");
            await KubectlOkAsync(kubeconfig, null, "wait", "--for=condition=Ready", "workflow/new-python-package", "--timeout=60s");

            // With kubectl: the WorkflowRun sample.
            await KubectlOkAsync(kubeconfig, null, "apply", "-f", Sample("workflowrun"));
            var waited = await Kubectl.RunAsync(kubeconfig, null, Ct, "wait", "--for=condition=Ready", $"workflowrun/{Run}", "--timeout=300s");
            var described = (await Kubectl.RunAsync(kubeconfig, null, Ct, "get", "workflowrun", Run, "-o", "yaml")).Output;
            waited.ExitCode.Should().Be(0, $"{waited.Output}\n{described}");
            var status = JsonDocument.Parse((await KubectlOkAsync(kubeconfig, null, "get", "workflowrun", Run, "-o", "jsonpath={.status}"))).RootElement;
            status.GetProperty("phase").GetString().Should().Be("Succeeded", described);
            status.GetProperty("progress").GetString().Should().Be("3/3");
            status.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("phase").GetString()))
                .Should().Equal(("render", "Succeeded"), ("count", "Succeeded"), ("record", "Succeeded"));
            var outputs = status.GetProperty("outputs");
            outputs.GetProperty("files").GetInt32().Should().Be(5, "the container counted the generated project's files in /workspace: four and the .cruft.json record");
            outputs.GetProperty("revision").GetString().Should().Be(revision);
            var project = outputs.GetProperty("project").GetString()!;
            (await KubectlOkAsync(kubeconfig, null, "get", "scaffold", project, "-o", "jsonpath={.status.phase}")).Should().Be("Succeeded");
            var columns = await KubectlOkAsync(kubeconfig, null, "get", "workflowrun", Run);
            columns.Should().MatchRegex(@"new-python-package\s+Succeeded\s+3/3\s+True", "the printer columns: WORKFLOW, PHASE, PROGRESS, READY");

            // Through the bridge: the workflow's own tool, with progress per step.
            await using var client = await McpClient.CreateAsync(
                new HttpClientTransport(new HttpClientTransportOptions { Endpoint = local.McpEndpoint! }), cancellationToken: Ct);
            await ClientWaits.ToolAsync(client, "workflow_new-python-package", present: true, Ct);
            var progress = new RecordingProgress();
            var result = await client.CallToolAsync(
                "workflow_new-python-package", new Dictionary<string, object?> { ["project_name"] = "Difference Engine" }, progress, cancellationToken: Ct);
            result.IsError.Should().NotBe(true, Text(result));
            var run = result.StructuredContent!.Value;
            run.GetProperty("phase").GetString().Should().Be("Succeeded", run.ToString());
            run.GetProperty("outputs").GetProperty("files").GetInt32().Should().Be(5, run.ToString());
            progress.Reports.Select(p => p.Message).Should().Contain(m => m != null && m.Contains("render", StringComparison.Ordinal), "progress names the steps");

            // Both runs recorded their project in the real server-memory, read back through the gateway.
            await ClientWaits.ToolAsync(client, "memory__read_graph", present: true, Ct);
            var graph = Text(await client.CallToolAsync("memory__read_graph", cancellationToken: Ct));
            graph.Should().Contain("Analytical Engine").And.Contain("Difference Engine").And.Contain("5 files, 2 of them Python modules")
                .And.Contain($"Rendered from pypackage at {revision}");

            // One container Job per run, each finished: nothing of either run is still running.
            var jobs = await KubectlOkAsync(kubeconfig, null, "get", "jobs", "-l", "dynamo-mcp.io/workflow-step=count", "-o", "jsonpath={.items[*].status.succeeded}");
            jobs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("1", "1");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
            Directory.Delete(fixtures, recursive: true);
        }
    }

    private static async Task<string> KubectlOkAsync(string kubeconfig, string? stdin, params string[] args)
    {
        var (exitCode, output) = await Kubectl.RunAsync(kubeconfig, stdin, Ct, args);
        exitCode.Should().Be(0, $"kubectl {string.Join(' ', args)}: {output}");
        return output;
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
