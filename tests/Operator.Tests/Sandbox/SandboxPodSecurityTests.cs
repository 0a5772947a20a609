using DynamoMcp.Operator.Tests.Security;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Sandbox;

/// <summary>Every pod spec the operator builds passes the Pod Security Standard "restricted" check and the sandbox rules.</summary>
public sealed class SandboxPodSecurityTests
{
    public static TheoryData<string> Cases() => new(SandboxPodSpecs.All().Select(c => c.Case));

    private static V1Job Job(string name) => SandboxPodSpecs.All().Single(c => c.Case == name).Job;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pod_spec_is_restricted(string name)
    {
        PodSecurityRestrictedChecker.Check(Job(name).Spec.Template.Spec).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pod_has_no_token_and_is_bounded(string name)
    {
        var job = Job(name);
        var pod = job.Spec.Template.Spec;
        pod.AutomountServiceAccountToken.Should().BeFalse();
        pod.RestartPolicy.Should().Be("Never");
        job.Spec.ActiveDeadlineSeconds.Should().BePositive();
        job.Spec.BackoffLimit.Should().NotBeNull();
        job.Spec.TtlSecondsAfterFinished.Should().NotBeNull();
        job.Spec.Template.Metadata.Labels.Should().Contain("dynamo-mcp.io/sandbox", "true");
        foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers))
        {
            container.Resources.Limits.Should().ContainKey("memory", $"container {container.Name} needs limits");
            container.Resources.Limits.Should().ContainKey("cpu");
        }

        job.Metadata.Annotations.Should().ContainKey("dynamo-mcp.io/spec-hash");
        job.Metadata.OwnerReferences.Should().ContainSingle().Which.Controller.Should().BeTrue();
        job.Metadata.Name.Length.Should().BeLessThanOrEqualTo(63);
    }

    [Fact]
    public void Only_inspect_pods_of_templates_with_a_secret_mount_it_and_render_pods_never_do()
    {
        Job("inspect").Spec.Template.Spec.Volumes.Should().NotContain(v => v.Secret != null);
        Job("inspect with hooks, secret, directory").Spec.Template.Spec.Volumes.Should().ContainSingle(v => v.Secret != null).Which.Secret.SecretName.Should().Be("git-creds");
        foreach (var (name, job) in SandboxPodSpecs.All().Where(c => c.Case.StartsWith("render", StringComparison.Ordinal)))
        {
            var pod = job.Spec.Template.Spec;
            pod.Volumes.Should().NotContain(v => v.Secret != null && v.Secret.SecretName == "git-creds", $"{name} renders the stored snapshot: no template-source credentials");
            pod.Containers.Concat(pod.InitContainers ?? []).Where(c => c.Name == "render").Should().ContainSingle(name)
                .Which.VolumeMounts.Should().NotContain(m => pod.Volumes.Any(v => v.Name == m.Name && v.Secret != null), "the untrusted render step never sees credentials");
        }

        var git = Job("render to git").Spec.Template.Spec;
        git.Volumes.Should().ContainSingle(v => v.Secret != null).Which.Secret.SecretName.Should().Be("push-creds");
        git.Containers.Single(c => c.Name == "deliver").VolumeMounts.Should().Contain(m => m.Name == "output-credentials");
    }

    [Fact]
    public void Runtime_class_comes_from_the_template_over_the_operator_setting()
    {
        Job("inspect").Spec.Template.Spec.RuntimeClassName.Should().BeNull();
        Job("inspect with sandbox settings").Spec.Template.Spec.RuntimeClassName.Should().Be("kata");
        Job("inspect with sandbox settings").Spec.Template.Spec.ActiveDeadlineSeconds.Should().Be(30, "the pod's own deadline is the timeout, counted from its start");
        Job("inspect with sandbox settings").Spec.ActiveDeadlineSeconds.Should().Be(30 + new DynamoMcp.Operator.Sandbox.SandboxOptions().MaxQueueSeconds, "the Job's adds the time it may wait to start");
        Job("inspect with sandbox settings").Spec.Template.Spec.Containers[0].Resources.Limits["memory"].ToString().Should().Be("1Gi");
        Job("render with hooks and secret").Spec.Template.Spec.RuntimeClassName.Should().Be("gvisor");
        Job("render with hooks and secret").Spec.Template.Spec.ActiveDeadlineSeconds.Should().Be(60);
    }
}
