using DynamoMcp.Api;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Templates;
using DynamoMcp.Operator.Tests.Sandbox;

namespace DynamoMcp.Operator.Tests.Templates;

public sealed class TemplateInspectJobBuilderTests
{
    private static readonly SandboxOptions Options = new();

    [Fact]
    public void Arguments_name_source_ref_directory_and_hooks()
    {
        var job = TemplateInspectJobBuilder.Build(SandboxPodSpecs.Template(s =>
        {
            s.Source.Git!.Directory = "python";
            s.Hooks = new Api.V1Alpha1.HookPolicy { Enabled = true };
        }), Options, "").Job;

        job.Spec.Template.Spec.Containers.Single().Args.Should().Equal(
            "inspect", "--source", "https://github.com/acme/templates.git", "--ref", "main", "--directory", "python", "--allow-hooks", "--max-snapshot-bytes", "4194304");
        job.Metadata.Name.Should().StartWith("web-inspect-");
        job.Metadata.NamespaceProperty.Should().Be("team-a");
        job.Metadata.Labels.Should().Contain(WellKnown.Labels.ManagedBy, WellKnown.ManagedByValue).And.Contain("dynamo-mcp.io/cookiecuttertemplate", "web");
    }

    [Fact]
    public void Same_inputs_give_the_same_name_and_any_relevant_change_a_new_one()
    {
        var baseline = TemplateInspectJobBuilder.Build(SandboxPodSpecs.Template(), Options, "");
        TemplateInspectJobBuilder.Build(SandboxPodSpecs.Template(), Options, "").Job.Metadata.Name.Should().Be(baseline.Job.Metadata.Name);

        var otherRef = TemplateInspectJobBuilder.Build(SandboxPodSpecs.Template(s => s.Source.Git!.Ref = "v2"), Options, "");
        var refreshed = TemplateInspectJobBuilder.Build(SandboxPodSpecs.Template(), Options, "2026-01-01T00:00:00Z");
        var annotated = SandboxPodSpecs.Template();
        annotated.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.Annotations.RefreshRequestedAt] = "now" };
        var requested = TemplateInspectJobBuilder.Build(annotated, Options, "");

        new[] { otherRef.Job.Metadata.Name, refreshed.Job.Metadata.Name, requested.Job.Metadata.Name }
            .Should().OnlyHaveUniqueItems().And.NotContain(baseline.Job.Metadata.Name);
        refreshed.InputHash.Should().Be(baseline.InputHash, "a periodic refresh does not change the inputs");
        requested.InputHash.Should().NotBe(baseline.InputHash);
    }

    [Fact]
    public void Overrides_change_the_input_hash_but_not_the_job()
    {
        var baseline = TemplateInspectJobBuilder.Build(SandboxPodSpecs.Template(), Options, "");
        var changed = SandboxPodSpecs.Template(s => s.VariableOverrides = [new Api.V1Alpha1.VariableOverride { Name = "x", Description = "y" }]);
        changed.Metadata.Generation = 2;

        var rebuilt = TemplateInspectJobBuilder.Build(changed, Options, "");

        rebuilt.Job.Metadata.Name.Should().Be(baseline.Job.Metadata.Name, "the finished inspection can be read again");
        rebuilt.InputHash.Should().NotBe(baseline.InputHash, "the new overrides must be applied");
    }

    [Fact]
    public void Long_template_names_are_cut_to_a_valid_job_name()
    {
        var template = SandboxPodSpecs.Template();
        template.Metadata.Name = new string('t', 250);

        var job = TemplateInspectJobBuilder.Build(template, Options, "").Job;

        job.Metadata.Name.Length.Should().BeLessThanOrEqualTo(63);
        job.Metadata.Name.Should().MatchRegex("^t+-inspect-[0-9a-f]{10}$");
    }

    [Fact]
    public void An_archive_source_passes_its_url_and_digest_and_mounts_no_git_secret()
    {
        var digest = new string('a', 64);
        var job = TemplateInspectJobBuilder.Build(SandboxPodSpecs.ArchiveTemplate("https://example.org/t.zip", digest, s => s.Hooks = new Api.V1Alpha1.HookPolicy { Enabled = true }), Options, "").Job;
        var pod = job.Spec.Template.Spec;

        pod.Containers.Single().Args.Should().Equal("inspect", "--archive-url", "https://example.org/t.zip", "--archive-sha256", digest, "--allow-hooks", "--max-snapshot-bytes", "4194304");
        pod.Containers.Single().VolumeMounts.Select(m => m.Name).Should().NotContain(SandboxJobBuilder.GitSecretVolume);
        pod.Volumes.Select(v => v.Name).Should().NotContain(SandboxJobBuilder.GitSecretVolume);
        TemplateInspectJobBuilder.Build(SandboxPodSpecs.ArchiveTemplate("https://example.org/t.zip"), Options, "").Job.Spec.Template.Spec.Containers.Single().Args
            .Should().Equal("inspect", "--archive-url", "https://example.org/t.zip", "--max-snapshot-bytes", "4194304");
    }

    [Fact]
    public void A_changed_archive_url_or_digest_inspects_again()
    {
        var baseline = TemplateInspectJobBuilder.Build(SandboxPodSpecs.ArchiveTemplate("https://example.org/t.zip"), Options, "");
        var otherUrl = TemplateInspectJobBuilder.Build(SandboxPodSpecs.ArchiveTemplate("https://example.org/t2.zip"), Options, "");
        var pinned = TemplateInspectJobBuilder.Build(SandboxPodSpecs.ArchiveTemplate("https://example.org/t.zip", new string('b', 64)), Options, "");
        var git = TemplateInspectJobBuilder.Build(SandboxPodSpecs.Template(), Options, "");

        new[] { baseline.InputHash, otherUrl.InputHash, pinned.InputHash, git.InputHash }.Should().OnlyHaveUniqueItems();
        new[] { baseline.Job.Metadata.Name, otherUrl.Job.Metadata.Name, pinned.Job.Metadata.Name }.Should().OnlyHaveUniqueItems();
    }
}
