using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;
using k8s;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>The core path with the real kubectl: apply a template → Ready; apply a Scaffold → Succeeded; files equal a direct cookiecutter run.</summary>
public sealed class TemplateAndScaffoldKubectlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Applied_template_becomes_Ready_and_an_applied_scaffold_renders_the_same_bytes_as_cookiecutter()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct);
        using var repository = cluster.CreateRepository();
        repository.WriteFullTemplate();
        var revision = repository.Commit("full template");
        var manifests = Path.Combine(cluster.FixtureRoot, "manifests");
        Directory.CreateDirectory(manifests);
        var templateFile = Path.Combine(manifests, "template.yaml");
        await File.WriteAllTextAsync(templateFile, $"""
            apiVersion: dynamo-mcp.io/v1alpha1
            kind: CookiecutterTemplate
            metadata:
              name: full
            spec:
              source:
                git:
                  url: file://{repository.Path}
                  ref: main
              variableOverrides:
                - name: project_name
                  description: The human name of the project
            """, Ct);

        var apply = await cluster.KubectlAsync(Ct, "apply", "-f", templateFile);
        apply.Succeeded.Should().BeTrue(apply.ToString());
        var wait = await cluster.KubectlAsync(Ct, "wait", "--for=condition=Ready", "cct/full", "--timeout=180s");
        wait.Succeeded.Should().BeTrue(wait + Environment.NewLine + await cluster.DescribeAsync());

        var template = (await cluster.GetTemplateAsync("full", Ct))!;
        template.Status.ResolvedRevision.Should().Be(revision);
        template.Status.Variables!.Select(v => v.Name).Should().Equal("project_name", "project_slug", "license", "use_docker", "settings");
        template.Status.Variables!.Single(v => v.Name == "project_name").Description.Should().Be("The human name of the project");
        template.Status.Variables!.Single(v => v.Name == "license").Description.Should().Be("Which license?", "__prompts__ give descriptions");
        template.Status.Variables!.Single(v => v.Name == "use_docker").Type.Should().Be(TemplateVariableType.Boolean);
        template.Status.Variables!.Single(v => v.Name == "settings").Type.Should().Be(TemplateVariableType.Object);
        template.Status.Variables!.Single(v => v.Name == "license").Choices.Should().Equal("MIT", "BSD-3-Clause", "Apache-2.0");
        template.Status.Variables!.Single(v => v.Name == "project_slug").Derived.Should().BeTrue();
        var get = await cluster.KubectlAsync(Ct, "get", "cct", "full");
        get.Succeeded.Should().BeTrue(get.ToString());
        var row = get.StdOut.Split('\n')[1];
        row.Should().Contain(revision).And.Contain("True").And.MatchRegex(@"\s5\s", "the Variables column shows the variable count");

        var scaffoldFile = Path.Combine(manifests, "scaffold.yaml");
        await File.WriteAllTextAsync(scaffoldFile, """
            apiVersion: dynamo-mcp.io/v1alpha1
            kind: Scaffold
            metadata:
              name: hello
            spec:
              templateRef:
                name: full
              variables:
                project_name: Hello World
                license: BSD-3-Clause
            """, Ct);
        apply = await cluster.KubectlAsync(Ct, "apply", "-f", scaffoldFile);
        apply.Succeeded.Should().BeTrue(apply.ToString());
        wait = await cluster.KubectlAsync(Ct, "wait", "--for=jsonpath={.status.phase}=Succeeded", "scaffold/hello", "--timeout=180s");
        var scaffold = (await cluster.GetScaffoldAsync("hello", Ct))!;
        wait.Succeeded.Should().BeTrue(wait + Environment.NewLine + scaffold.Status.Message);
        scaffold.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue();
        scaffold.Status.Revision.Should().Be(revision);
        scaffold.Status.Artifact!.Kind.Should().Be(ArtifactKind.ConfigMap);

        var reader = new ScaffoldResultReader(cluster.Client);
        var archive = (await reader.GetArchiveAsync(cluster.Namespace, "hello", Ct))!;
        var rendered = new Dictionary<string, byte[]>(ScaffoldArchive.ReadAll(archive));
        var direct = await DirectCookiecutter.RenderAsync(
            repository.Path, Path.Combine(cluster.FixtureRoot, "direct"), new Dictionary<string, string> { ["project_name"] = "Hello World", ["license"] = "BSD-3-Clause" });
        // The archive holds the generated top folder, as cookiecutter's output folder does.
        var expected = Directory.GetFiles(direct, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(direct, f).Replace('\\', '/'), File.ReadAllBytes);
        // Exactly cookiecutter's files, plus the .cruft.json record every render writes (updates read it).
        const string cruft = "hello_world/.cruft.json";
        System.Text.Json.JsonDocument.Parse(rendered[cruft]).RootElement.GetProperty("commit").GetString().Should().Be(revision);
        rendered.Remove(cruft);
        rendered.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (path, bytes) in expected)
        {
            rendered[path].Should().Equal(bytes, $"{path} must match cookiecutter's output byte for byte");
        }

        scaffold.Status.Files!.Select(f => f.Path).Should().BeEquivalentTo(expected.Keys.Append(cruft));
        (await reader.ReadFileAsync(cluster.Namespace, "hello", "hello_world/README.md", Ct)).Should().Equal(expected["hello_world/README.md"]);
        (await reader.ListFilesAsync(cluster.Namespace, "hello", Ct))!.Select(f => f.Path).Should().BeEquivalentTo(expected.Keys.Append(cruft));
        var events = (await cluster.Client.CoreV1.ListNamespacedEventAsync(cluster.Namespace, cancellationToken: Ct)).Items;
        // Events follow the Ready condition: one when it changes, with its reason.
        events.Should().Contain(e => e.InvolvedObject.Name == "full" && e.Reason == ConditionReasons.Succeeded && e.Type == "Normal");
        events.Should().Contain(e => e.InvolvedObject.Name == "hello" && e.Reason == ConditionReasons.Succeeded && e.Message.StartsWith("Rendered", StringComparison.Ordinal));
        events.Where(e => e.InvolvedObject.Name == "hello").Select(e => e.Reason).Should().Equal([ConditionReasons.Rendering, ConditionReasons.Succeeded], "no event repeats a Ready condition that did not change");
        (await cluster.JobsAsync(Ct)).Count(j => j.Metadata.Labels.TryGetValue("dynamo-mcp.io/purpose", out var p) && p == "render").Should().Be(1);
    }
}
