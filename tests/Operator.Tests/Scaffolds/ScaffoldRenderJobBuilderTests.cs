using System.Globalization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Templates;
using DynamoMcp.Operator.Tests.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Scaffolds;

public sealed class ScaffoldRenderJobBuilderTests
{
    private static readonly string Revision = new('c', 40);
    private static readonly string Unpacked = (64L * 1024 * 1024).ToString(CultureInfo.InvariantCulture);

    private static ScaffoldOutput GitOutput() => new()
    {
        Git = new Api.V1Alpha1.GitOutput
        {
            Url = "https://git.example.org/acme/app.git",
            Branch = "generated",
            BaseBranch = "main",
            Path = "services/app",
            SecretRef = new V1LocalObjectReference { Name = "push-creds" },
        },
    };

    [Fact]
    public void Render_reads_the_snapshot_of_the_pinned_revision_with_no_fetch_no_credentials_and_no_source_volume()
    {
        var template = SandboxPodSpecs.Template(s =>
        {
            s.Source.Git!.Directory = "web";
            s.Source.Git.SecretRef = new V1LocalObjectReference { Name = "git-creds" };
        });
        var job = SandboxPodSpecs.Render(SandboxPodSpecs.Scaffold(), template, Revision, new SandboxOptions { MaxArchiveBytes = 1000 });
        var pod = job.Spec.Template.Spec;

        pod.InitContainers.Should().BeNull("nothing is fetched: the snapshot is in ConfigMaps");
        var render = pod.Containers.Single();
        render.Name.Should().Be(ScaffoldRenderJobBuilder.RenderContainerName);
        render.Args.Should().Equal(
            "render", "--snapshot-chunks", "/var/run/dynamo-mcp/snapshot", "--snapshot-sha256", new string('5', 64), "--revision", Revision,
            "--template-url", "https://github.com/acme/templates.git", "--ref", "main", "--directory", "web",
            "--variables-file", "/var/run/dynamo-mcp/input/variables.json", "--choices-file", "/var/run/dynamo-mcp/input/choices.json",
            "--max-output-bytes", "1000", "--max-unpacked-bytes", Unpacked);
        pod.Volumes.Should().NotContain(v => v.Secret != null, "the template's git Secret is for the inspect Job only");
        pod.Volumes.Select(v => v.Name).Should().NotContain(SandboxJobBuilder.SourceVolume);
        foreach (var (map, i) in new[] { "web-snapshot-0", "web-snapshot-1" }.Select((m, i) => (m, i)))
        {
            var volume = pod.Volumes.Single(v => v.ConfigMap?.Name == map);
            var mount = render.VolumeMounts.Single(m => m.Name == volume.Name);
            (mount.MountPath, mount.ReadOnlyProperty).Should().Be(($"/var/run/dynamo-mcp/snapshot/{i}", true));
        }

        job.Metadata.Annotations.Should().Contain(SandboxLabels.RevisionAnnotation, Revision);
        job.Metadata.Name.Should().MatchRegex("^my-app-render-[0-9a-f]{10}$");
    }

    [Fact]
    public void The_render_pod_is_selected_by_the_templates_deny_all_policy_and_not_by_its_inspect_egress()
    {
        var template = SandboxPodSpecs.Template();
        var pod = SandboxPodSpecs.Render(SandboxPodSpecs.Scaffold(), template, Revision, new SandboxOptions()).Spec.Template;
        var render = SandboxNetworkPolicyBuilder.BuildRender(template);
        var inspect = SandboxNetworkPolicyBuilder.Build(template, new SandboxOptions());

        render.Spec.PodSelector.MatchLabels.Should().BeSubsetOf(pod.Metadata.Labels);
        render.Spec.PolicyTypes.Should().Equal("Ingress", "Egress");
        render.Spec.Egress.Should().BeEmpty("a render has no network at all");
        render.Spec.Ingress.Should().BeEmpty();
        inspect.Spec.PodSelector.MatchLabels.All(l => pod.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value)
            .Should().BeFalse("the git host is open to inspect pods only");
        var inspectPod = TemplateInspectJobBuilder.Build(template, new SandboxOptions(), "").Job.Spec.Template;
        inspect.Spec.PodSelector.MatchLabels.Should().BeSubsetOf(inspectPod.Metadata.Labels);
        render.Spec.PodSelector.MatchLabels.All(l => inspectPod.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value).Should().BeFalse();
    }

    [Fact]
    public void The_inline_cap_of_the_scaffold_wins_over_the_operator_default()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Output = new ScaffoldOutput { Inline = new InlineOutput { MaxSizeBytes = 42 } });

        ScaffoldRenderJobBuilder.MaxArchiveBytes(scaffold, new SandboxOptions()).Should().Be(42);
        ScaffoldRenderJobBuilder.MaxArchiveBytes(SandboxPodSpecs.Scaffold(), new SandboxOptions()).Should().Be(8L * 1024 * 1024);
    }

    [Fact]
    public void Same_scaffold_and_revision_give_the_same_job_name_another_revision_a_new_one()
    {
        var a = SandboxPodSpecs.Render(SandboxPodSpecs.Scaffold(), SandboxPodSpecs.Template(), Revision, new SandboxOptions());
        var b = SandboxPodSpecs.Render(SandboxPodSpecs.Scaffold(), SandboxPodSpecs.Template(), Revision, new SandboxOptions());
        var c = SandboxPodSpecs.Render(SandboxPodSpecs.Scaffold(), SandboxPodSpecs.Template(), new string('d', 40), new SandboxOptions());

        b.Metadata.Name.Should().Be(a.Metadata.Name);
        c.Metadata.Name.Should().NotBe(a.Metadata.Name);
    }

    [Fact]
    public void The_render_container_reads_its_input_from_the_scaffolds_configmap_mounted_read_only()
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var pod = SandboxPodSpecs.Render(scaffold, SandboxPodSpecs.Template(), Revision, new SandboxOptions()).Spec.Template.Spec;

        var volume = pod.Volumes.Should().ContainSingle(v => v.ConfigMap != null && v.ConfigMap.Name == ScaffoldRenderInputConfigMapBuilder.Name(scaffold)).Subject;
        volume.ConfigMap.DefaultMode.Should().Be(0x124);
        var mount = pod.Containers.Single().VolumeMounts.Should().ContainSingle(m => m.Name == volume.Name).Subject;
        (mount.MountPath, mount.ReadOnlyProperty).Should().Be(("/var/run/dynamo-mcp/input", true));
    }

    [Fact]
    public void Other_variables_or_other_inspected_choices_give_another_job()
    {
        var template = SandboxPodSpecs.Template();
        var a = SandboxPodSpecs.Render(SandboxPodSpecs.Scaffold(), template, Revision, new SandboxOptions());
        var b = SandboxPodSpecs.Render(
            SandboxPodSpecs.Scaffold(s => s.Variables = new Dictionary<string, object?> { ["project_name"] = "Other" }), template, Revision, new SandboxOptions());
        template.Status = new CookiecutterTemplateStatus
        {
            Variables = [new TemplateVariable { Name = "license", Type = TemplateVariableType.Choice, Choices = ["MIT"] }],
        };
        var c = SandboxPodSpecs.Render(SandboxPodSpecs.Scaffold(), template, Revision, new SandboxOptions());

        a.Spec.Template.Spec.Should().BeEquivalentTo(b.Spec.Template.Spec, "the pod names the ConfigMap, not the values");
        new[] { a.Metadata.Name, b.Metadata.Name, c.Metadata.Name }.Should().OnlyHaveUniqueItems();
        a.Metadata.Annotations["dynamo-mcp.io/spec-hash"].Should().NotBe(b.Metadata.Annotations["dynamo-mcp.io/spec-hash"]);
    }

    [Fact]
    public void An_archive_template_renders_its_snapshot_and_records_the_archive_url_and_directory()
    {
        var revision = "sha256:" + new string('9', 64);
        var template = SandboxPodSpecs.ArchiveTemplate("https://example.org/t.tar.gz", new string('1', 64), s =>
        {
            s.Hooks = new HookPolicy { Enabled = true };
            s.Source.Archive!.Directory = "templates/web";
        });

        var job = ScaffoldRenderJobBuilder.Build(SandboxPodSpecs.Scaffold(), template, SandboxPodSpecs.Snapshot(revision, reference: null), null, new SandboxOptions { MaxArchiveBytes = 1000 });

        job.Spec.Template.Spec.Containers.Single().Args.Should().Equal(
            "render", "--snapshot-chunks", "/var/run/dynamo-mcp/snapshot", "--snapshot-sha256", new string('5', 64), "--revision", revision,
            "--template-url", "https://example.org/t.tar.gz", "--directory", "templates/web", "--allow-hooks",
            "--variables-file", "/var/run/dynamo-mcp/input/variables.json", "--choices-file", "/var/run/dynamo-mcp/input/choices.json",
            "--max-output-bytes", "1000", "--max-unpacked-bytes", Unpacked);
        job.Metadata.Annotations.Should().Contain(SandboxLabels.RevisionAnnotation, revision);
    }

    [Fact]
    public void An_update_mounts_the_earlier_projects_chunks_and_diffs_against_their_digest()
    {
        var previous = SandboxPodSpecs.Previous();
        var scaffold = SandboxPodSpecs.Scaffold(s => s.UpdateFrom = new ScaffoldReference { Name = previous.Metadata.Name });
        var pod = SandboxPodSpecs.Render(scaffold, SandboxPodSpecs.Template(), Revision, new SandboxOptions(), previous).Spec.Template.Spec;
        var render = pod.Containers.Single();

        render.Args.Should().ContainInOrder("--base-chunks", "/var/run/dynamo-mcp/base", "--base-sha256", new string('6', 64));
        foreach (var (map, i) in previous.Status.Artifact!.Names!.Select((m, i) => (m, i)))
        {
            var volume = pod.Volumes.Single(v => v.ConfigMap?.Name == map);
            render.VolumeMounts.Single(m => m.Name == volume.Name).MountPath.Should().Be($"/var/run/dynamo-mcp/base/{i}");
        }
    }

    [Fact]
    public void A_git_output_renders_first_then_delivers_with_the_push_secret_mounted_only_in_the_deliver_step()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Output = GitOutput());
        var pod = SandboxPodSpecs.Render(scaffold, SandboxPodSpecs.Template(), Revision, new SandboxOptions()).Spec.Template.Spec;

        var render = pod.InitContainers.Should().ContainSingle().Subject;
        render.Name.Should().Be("render");
        render.Args.Should().ContainInOrder("--archive-file", ScaffoldRenderJobBuilder.ArchiveFile);
        var deliver = pod.Containers.Should().ContainSingle().Subject;
        deliver.Name.Should().Be("deliver");
        deliver.Args.Should().Equal(
            "deliver", "git", "--archive-file", ScaffoldRenderJobBuilder.ArchiveFile, "--url", "https://git.example.org/acme/app.git", "--branch", "generated",
            "--base-branch", "main", "--path", "services/app", "--message", "Generate my-app from web with Dynamo MCP");
        var secret = pod.Volumes.Single(v => v.Secret != null);
        secret.Secret.SecretName.Should().Be("push-creds");
        deliver.VolumeMounts.Single(m => m.Name == secret.Name).Should().BeEquivalentTo(new V1VolumeMount { Name = secret.Name, MountPath = ScaffoldRenderJobBuilder.OutputSecretPath, ReadOnlyProperty = true });
        render.VolumeMounts.Should().NotContain(m => m.Name == secret.Name, "the template's code runs in render and never sees the push credentials");
        render.VolumeMounts.Single(m => m.Name == ScaffoldRenderJobBuilder.HandoffVolume).ReadOnlyProperty.Should().NotBeTrue();
        deliver.VolumeMounts.Single(m => m.Name == ScaffoldRenderJobBuilder.HandoffVolume).ReadOnlyProperty.Should().BeTrue();
    }

    [Fact]
    public void An_s3_output_uploads_to_the_key_region_and_endpoint_with_the_url_lifetime()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Output = new ScaffoldOutput
        {
            S3 = new S3Output { Bucket = "projects", Endpoint = "http://127.0.0.1:9000", Region = "eu-west-1", UrlExpirySeconds = 600 },
        });
        var pod = SandboxPodSpecs.Render(scaffold, SandboxPodSpecs.Template(), Revision, new SandboxOptions()).Spec.Template.Spec;

        pod.Containers.Single().Args.Should().Equal(
            "deliver", "s3", "--archive-file", ScaffoldRenderJobBuilder.ArchiveFile, "--bucket", "projects", "--key", "team-a/my-app.tar.gz",
            "--region", "eu-west-1", "--url-expires-seconds", "600", "--endpoint", "http://127.0.0.1:9000");
        pod.Volumes.Should().NotContain(v => v.Secret != null, "no secretRef: nothing to mount");
    }

    [Fact]
    public void The_output_policy_opens_dns_and_the_output_hosts_port_to_this_scaffolds_render_pod_only()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Output = GitOutput());
        var pod = SandboxPodSpecs.Render(scaffold, SandboxPodSpecs.Template(), Revision, new SandboxOptions()).Spec.Template;

        var policy = ScaffoldOutputNetworkPolicyBuilder.Build(scaffold, new SandboxOptions())!;

        policy.Spec.PodSelector.MatchLabels.Should().BeSubsetOf(pod.Metadata.Labels);
        policy.Spec.PodSelector.MatchLabels.Should().Contain("dynamo-mcp.io/scaffold", "my-app");
        policy.Spec.PolicyTypes.Should().Equal("Egress");
        policy.Spec.Egress.SelectMany(r => r.Ports).Select(p => p.Port.Value).Should().BeEquivalentTo(["53", "53", "443"]);
        policy.Spec.Egress.Last().To.Should().NotBeEmpty();
        policy.Metadata.OwnerReferences.Single().Uid.Should().Be("uid-app");

        var ip = SandboxPodSpecs.Scaffold(s => s.Output = new ScaffoldOutput { S3 = new S3Output { Bucket = "b", Endpoint = "http://10.1.2.3:9000" } });
        var s3 = ScaffoldOutputNetworkPolicyBuilder.Build(ip, new SandboxOptions())!.Spec.Egress.Last();
        (s3.Ports.Single().Port.Value, s3.To.Single().IpBlock.Cidr).Should().Be(("9000", "10.1.2.3/32"));
        ScaffoldOutputs.Endpoint(new ScaffoldOutput { S3 = new S3Output { Bucket = "b", Region = "eu-west-1" } })
            .Should().Be(("b.s3.eu-west-1.amazonaws.com", 443));
        ScaffoldOutputNetworkPolicyBuilder.Build(SandboxPodSpecs.Scaffold(), new SandboxOptions()).Should().BeNull();
    }
}
