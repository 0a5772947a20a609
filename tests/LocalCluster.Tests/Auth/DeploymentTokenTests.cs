using DynamoMcp.LocalCluster.Tests.Deployments;
using DynamoMcp.LocalCluster.Tests.Jobs;
using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Auth;

/// <summary>Projected tokens in server pods: they wait for a missing service account instead of failing, and deleting the pod revokes its token.</summary>
public sealed class DeploymentTokenTests
{
    private const string Audience = "dynamo-mcp-bridge";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_pod_waits_for_its_service_account_then_runs_with_a_token_that_its_deletion_revokes()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is needed to mount volumes at their paths");
        await using var cluster = await DeploymentCluster.StartAsync(Token);
        var container = new V1Container
        {
            Name = "agent",
            Image = "busybox:1.36",
            Command = ["sh", "-c", "cat /var/run/secrets/tokens/token; echo; exec sleep 600"],
            VolumeMounts = [new V1VolumeMount { Name = "bridge-token", MountPath = "/var/run/secrets/tokens" }],
        };
        var deployment = DeploymentCluster.Deployment("agent", 1, container, "agent");
        deployment.Spec.Template.Spec.ServiceAccountName = "late";
        deployment.Spec.Template.Spec.Volumes =
        [
            new V1Volume
            {
                Name = "bridge-token",
                Projected = new V1ProjectedVolumeSource
                {
                    Sources = [new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Audience = Audience, ExpirationSeconds = 600, Path = "token" } }],
                },
            },
        ];
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, cluster.Namespace, cancellationToken: Token);

        var waiting = await DeploymentCluster.WaitForPodsAsync(
            cluster, "agent", p => p.Count == 1 && p[0].Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "CreateContainerConfigError", Token);
        waiting[0].Status.Phase.Should().Be("Pending");
        waiting[0].Status.ContainerStatuses.Single().State.Waiting.Message.Should().Contain("serviceaccount \"late\" not found");

        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "late" } }, cluster.Namespace, cancellationToken: Token);
        var running = await DeploymentCluster.WaitForPodsAsync(cluster, "agent", p => p.Count == 1 && p[0].Status?.Phase == "Running", Token);
        var pod = running[0];
        var log = await JobRunnerCluster.WaitAsync(
            async ct => await cluster.LogAsync(pod.Name(), "agent", ct), l => l?.Contains('\n', StringComparison.Ordinal) == true, Token);
        var token = log!.Split('\n')[0];
        var review = (await cluster.Client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = [Audience] } }, cancellationToken: Token)).Status;
        review.Authenticated.Should().BeTrue(review.Error);
        review.User.Extra["authentication.kubernetes.io/pod-name"].Should().Equal(pod.Name());

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(pod.Name(), cluster.Namespace, cancellationToken: Token);
        var revoked = (await cluster.Client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = [Audience] } }, cancellationToken: Token)).Status;
        revoked.Authenticated.Should().NotBe(true, "the killed agent's token dies with its pod");
    }
}
