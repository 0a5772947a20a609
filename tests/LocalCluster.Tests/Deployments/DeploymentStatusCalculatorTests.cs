using DynamoMcp.LocalCluster.Deployments;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Deployments;

public sealed class DeploymentStatusCalculatorTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Deployment Deployment(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", Generation = 3 },
        Spec = new V1DeploymentSpec { Replicas = replicas, Template = new V1PodTemplateSpec() },
    };

    [Theory]
    [InlineData(2, 2, 2, 2, 2, "True", "MinimumReplicasAvailable", "NewReplicaSetAvailable")]
    [InlineData(2, 2, 2, 1, 1, "False", "MinimumReplicasUnavailable", "ReplicaSetUpdated")]
    [InlineData(4, 4, 4, 3, 3, "True", "MinimumReplicasAvailable", "ReplicaSetUpdated")] // 25% of 4 may be unavailable
    [InlineData(1, 2, 1, 1, 0, "True", "MinimumReplicasAvailable", "ReplicaSetUpdated")] // an old pod still serves
    public void Counts_become_the_real_controllers_status(int desired, int total, int updated, int ready, int updatedReady, string available, string availableReason, string progressingReason)
    {
        var status = DeploymentStatusCalculator.Compute(Deployment(desired), "abc", new DeploymentPodCounts(total, updated, ready, updatedReady), Now);

        status.ObservedGeneration.Should().Be(3);
        (status.Replicas, status.UpdatedReplicas, status.ReadyReplicas, status.AvailableReplicas).Should().Be((total, updated, ready, ready));
        status.UnavailableReplicas.Should().Be(Math.Max(0, desired - ready));
        status.Conditions.Should().ContainSingle(c => c.Type == "Available" && c.Status == available && c.Reason == availableReason);
        status.Conditions.Should().ContainSingle(c => c.Type == "Progressing" && c.Status == "True" && c.Reason == progressingReason);
    }

    [Fact]
    public void No_progress_past_the_deadline_is_ProgressDeadlineExceeded_and_unchanged_conditions_keep_their_times()
    {
        var deployment = Deployment(1);
        deployment.Spec.ProgressDeadlineSeconds = 60;
        var counts = new DeploymentPodCounts(1, 1, 0, 0);
        deployment.Status = DeploymentStatusCalculator.Compute(deployment, "abc", counts, Now);

        var later = DeploymentStatusCalculator.Compute(deployment, "abc", counts, Now.AddSeconds(30));
        later.Conditions.Should().ContainSingle(c => c.Type == "Available" && c.LastTransitionTime == Now && c.LastUpdateTime == Now);

        deployment.Status = later;
        var stuck = DeploymentStatusCalculator.Compute(deployment, "abc", counts, Now.AddSeconds(61));
        stuck.Conditions.Should().ContainSingle(c => c.Type == "Progressing" && c.Status == "False" && c.Reason == "ProgressDeadlineExceeded");
    }

    [Fact]
    public void The_template_hash_changes_with_the_template_and_is_a_label_value()
    {
        var a = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "node:22" }] } };
        var b = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "node:23" }] } };

        DeploymentStatusCalculator.TemplateHash(a).Should().Be(DeploymentStatusCalculator.TemplateHash(a)).And.MatchRegex("^[a-z0-9]{10}$");
        DeploymentStatusCalculator.TemplateHash(a).Should().NotBe(DeploymentStatusCalculator.TemplateHash(b));
    }
}
