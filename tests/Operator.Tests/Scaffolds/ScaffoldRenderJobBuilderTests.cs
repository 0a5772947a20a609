using DynamoMcp.Operator.Templates;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Tests.Sandbox;

namespace DynamoMcp.Operator.Tests.Scaffolds;

public sealed class ScaffoldRenderJobBuilderTests
{
    private static readonly string Revision = new('c', 40);

    [Fact]
    public void Fetch_pins_the_revision_and_render_reads_the_fetched_copy_read_only()
    {
        var job = ScaffoldRenderJobBuilder.Build(
            SandboxPodSpecs.Scaffold(), SandboxPodSpecs.Template(s => s.Source.Git!.Directory = "web"), Revision, new SandboxOptions { MaxArchiveBytes = 1000 });
        var pod = job.Spec.Template.Spec;

        pod.InitContainers.Single().Args.Should().Equal(
            "fetch", "--source", "https://github.com/acme/templates.git", "--ref", Revision, "--destination", "/workspace/source");
        pod.Containers.Single().Args.Should().Equal(
            "render", "--source", "/workspace/source", "--ref", Revision, "--directory", "web", "--checked-out",
            "--variables-file", "/var/run/dynamo-mcp/input/variables.json", "--choices-file", "/var/run/dynamo-mcp/input/choices.json",
            "--max-output-bytes", "1000", "--max-unpacked-bytes", (64L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        pod.Containers.Single().VolumeMounts.Single(m => m.Name == "source").ReadOnlyProperty.Should().BeTrue();
        job.Metadata.Annotations.Should().Contain(SandboxLabels.RevisionAnnotation, Revision);
        job.Metadata.Name.Should().MatchRegex("^my-app-render-[0-9a-f]{10}$");
    }

    [Fact]
    public void The_inline_cap_of_the_scaffold_wins_over_the_operator_default()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Output = new Api.V1Alpha1.ScaffoldOutput { Inline = new Api.V1Alpha1.InlineOutput { MaxSizeBytes = 42 } });

        ScaffoldRenderJobBuilder.MaxArchiveBytes(scaffold, new SandboxOptions()).Should().Be(42);
        ScaffoldRenderJobBuilder.MaxArchiveBytes(SandboxPodSpecs.Scaffold(), new SandboxOptions()).Should().Be(8L * 1024 * 1024);
    }

    [Fact]
    public void Same_scaffold_and_revision_give_the_same_job_name_another_revision_a_new_one()
    {
        var a = ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), SandboxPodSpecs.Template(), Revision, new SandboxOptions());
        var b = ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), SandboxPodSpecs.Template(), Revision, new SandboxOptions());
        var c = ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), SandboxPodSpecs.Template(), new string('d', 40), new SandboxOptions());

        b.Metadata.Name.Should().Be(a.Metadata.Name);
        c.Metadata.Name.Should().NotBe(a.Metadata.Name);
    }

    [Fact]
    public void The_render_container_reads_its_input_from_the_scaffolds_configmap_mounted_read_only()
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = ScaffoldRenderJobBuilder.Build(scaffold, SandboxPodSpecs.Template(), Revision, new SandboxOptions());
        var pod = job.Spec.Template.Spec;

        var volume = pod.Volumes.Should().ContainSingle(v => v.ConfigMap != null).Subject;
        volume.ConfigMap.Name.Should().Be(ScaffoldRenderInputConfigMapBuilder.Name(scaffold));
        volume.ConfigMap.DefaultMode.Should().Be(0x124);
        var mount = pod.Containers.Single().VolumeMounts.Should().ContainSingle(m => m.Name == volume.Name).Subject;
        (mount.MountPath, mount.ReadOnlyProperty).Should().Be(("/var/run/dynamo-mcp/input", true));
        pod.InitContainers.Single().VolumeMounts.Should().NotContain(m => m.Name == volume.Name, "fetch needs no variables");
    }

    [Fact]
    public void Other_variables_or_other_inspected_choices_give_another_job()
    {
        var template = SandboxPodSpecs.Template();
        var a = ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), template, Revision, new SandboxOptions());
        var b = ScaffoldRenderJobBuilder.Build(
            SandboxPodSpecs.Scaffold(s => s.Variables = new Dictionary<string, object?> { ["project_name"] = "Other" }), template, Revision, new SandboxOptions());
        template.Status = new Api.V1Alpha1.CookiecutterTemplateStatus
        {
            Variables = [new Api.V1Alpha1.TemplateVariable { Name = "license", Type = Api.V1Alpha1.TemplateVariableType.Choice, Choices = ["MIT"] }],
        };
        var c = ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), template, Revision, new SandboxOptions());

        a.Spec.Template.Spec.Should().BeEquivalentTo(b.Spec.Template.Spec, "the pod names the ConfigMap, not the values");
        new[] { a.Metadata.Name, b.Metadata.Name, c.Metadata.Name }.Should().OnlyHaveUniqueItems();
        a.Metadata.Annotations["dynamo-mcp.io/spec-hash"].Should().NotBe(b.Metadata.Annotations["dynamo-mcp.io/spec-hash"]);
    }

    [Fact]
    public void An_archive_template_is_fetched_and_rendered_pinned_to_the_inspected_digest()
    {
        var revision = "sha256:" + new string('9', 64);
        var template = SandboxPodSpecs.ArchiveTemplate("https://example.org/t.tar.gz", new string('1', 64), s => s.Hooks = new Api.V1Alpha1.HookPolicy { Enabled = true });

        var job = ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), template, revision, new SandboxOptions { MaxArchiveBytes = 1000 });
        var pod = job.Spec.Template.Spec;

        pod.InitContainers.Single().Args.Should().Equal(
            "fetch", "--archive-url", "https://example.org/t.tar.gz", "--archive-sha256", revision, "--destination", "/workspace/source");
        pod.Containers.Single().Args.Should().Equal(
            "render", "--source", "/workspace/source", "--archive-url", "https://example.org/t.tar.gz", "--archive-sha256", revision, "--allow-hooks", "--checked-out",
            "--variables-file", "/var/run/dynamo-mcp/input/variables.json", "--choices-file", "/var/run/dynamo-mcp/input/choices.json",
            "--max-output-bytes", "1000", "--max-unpacked-bytes", (64L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        pod.Volumes.Select(v => v.Name).Should().NotContain(SandboxJobBuilder.GitSecretVolume);
        pod.InitContainers.Single().VolumeMounts.Select(m => m.Name).Should().NotContain(SandboxJobBuilder.GitSecretVolume);
        job.Metadata.Annotations.Should().Contain(SandboxLabels.RevisionAnnotation, revision);
        ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), template, "sha256:" + new string('8', 64), new SandboxOptions()).Metadata.Name
            .Should().NotBe(job.Metadata.Name);
    }

    [Fact]
    public void An_archive_templates_directory_is_rendered_from_the_fetched_archive()
    {
        var revision = "sha256:" + new string('9', 64);
        var template = SandboxPodSpecs.ArchiveTemplate("https://example.org/t.zip", change: s => s.Source.Archive!.Directory = "templates/web");

        var pod = ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), template, revision, new SandboxOptions()).Spec.Template.Spec;

        // fetch unpacks the whole archive; render picks the folder, as inspect did.
        pod.InitContainers.Single().Args.Should().NotContain("--directory");
        var render = pod.Containers.Single().Args;
        render[render.IndexOf("--directory") + 1].Should().Be("templates/web");
        TemplateInspectJobBuilder.Build(template, new SandboxOptions(), "").Job.Spec.Template.Spec.Containers.Single().Args
            .Should().ContainInOrder("--archive-url", "https://example.org/t.zip", "--directory", "templates/web");
    }
}
