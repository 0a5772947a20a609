using DynamoMcp.Operator.McpServers;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.McpServers;

public sealed class McpServerPodDiagnosisTests
{
    private static V1Pod Pod(string name, V1ContainerStatus status) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1PodStatus { Phase = "Running", ContainerStatuses = [status] },
    };

    [Fact]
    public void A_container_restarting_again_and_again_is_a_crash_loop_naming_its_exit()
    {
        var problem = McpServerPodDiagnosis.Of([Pod("p1", new V1ContainerStatus
        {
            Name = "server",
            RestartCount = 3,
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error" } },
        })]);

        problem.Should().Be(new McpPodProblem(McpPodProblemKind.CrashLoop, "p1", "server", "container server keeps exiting (exit code 1, 3 restarts)"));
    }

    [Fact]
    public void An_image_that_cannot_be_pulled_names_the_image_and_the_fields()
    {
        var problem = McpServerPodDiagnosis.Of([Pod("p1", new V1ContainerStatus
        {
            Name = "server",
            Image = "ghcr.io/acme/nope:1",
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "not found" } },
        })]);

        problem!.Kind.Should().Be(McpPodProblemKind.ImagePull);
        problem.Message.Should().Contain("ghcr.io/acme/nope:1").And.Contain("spec.imagePullSecrets");
    }

    [Fact]
    public void A_pod_that_is_merely_starting_or_restarted_once_is_no_problem()
    {
        McpServerPodDiagnosis.Of([Pod("p1", new V1ContainerStatus
        {
            Name = "server",
            RestartCount = 1,
            State = new V1ContainerState { Running = new V1ContainerStateRunning() },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137, Reason = "OOMKilled" } },
        })]).Should().BeNull();
        McpServerPodDiagnosis.Of([]).Should().BeNull();
    }
}
