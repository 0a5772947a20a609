using DynamoMcp.Operator.Workflows.Runs;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Workflows;

public sealed class ContainerFailureTests
{
    private static V1Pod Pod(string? reason = null, string? message = null, V1ContainerStatus[]? init = null, params V1ContainerStatus[] containers) => new()
    {
        Status = new V1PodStatus { Reason = reason, Message = message, InitContainerStatuses = init, ContainerStatuses = containers },
    };

    private static V1ContainerStatus Ended(string name, int exitCode, string? reason = null) =>
        new() { Name = name, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason } } };

    [Fact]
    public void A_container_that_exited_non_zero_is_named_with_its_exit_code()
    {
        ContainerFailure.Describe(Pod(containers: Ended("step", 3, "Error")), out var container).Should().Be("container step failed (exit code 3)");
        container.Should().Be("step");
    }

    [Fact]
    public void The_kubelets_reason_comes_with_the_exit_code()
    {
        ContainerFailure.Describe(Pod(containers: Ended("step", 137, "OOMKilled")), out _).Should().Be("container step failed (OOMKilled, exit code 137)");
    }

    [Fact]
    public void A_failed_init_container_is_the_failure_even_when_the_step_never_ran()
    {
        ContainerFailure.Describe(Pod(init: [Ended("unpack", 12)], containers: new V1ContainerStatus { Name = "step", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "PodInitializing" } } }), out var container)
            .Should().Be("container unpack failed (exit code 12)");
        container.Should().Be("unpack");
    }

    [Fact]
    public void An_evicted_pod_says_why()
    {
        ContainerFailure.Describe(Pod("Evicted", " The node was low on resource: ephemeral-storage. ", null, Ended("step", 137)), out var container)
            .Should().Be("the pod was evicted: The node was low on resource: ephemeral-storage.");
        container.Should().BeNull("there is no log to add: the eviction is the reason");
    }

    [Fact]
    public void Without_a_pod_or_an_ended_container_there_is_nothing_to_say()
    {
        ContainerFailure.Describe(null, out _).Should().BeNull();
        ContainerFailure.Describe(Pod(containers: Ended("step", 0)), out _).Should().BeNull();
    }

    [Fact]
    public void The_last_output_is_the_last_lines_joined_and_capped()
    {
        ContainerFailure.WithOutput("container step failed (exit code 1)", "one\ntwo\n\nthree\nfour\nfive\nsix\n")
            .Should().Be("container step failed (exit code 1); its last output: two | three | four | five | six");
        ContainerFailure.WithOutput("x", "  \n").Should().Be("x; it printed nothing");
        ContainerFailure.WithOutput("x", null).Should().Be("x; it printed nothing");
        var capped = ContainerFailure.WithOutput("x", new string('a', 5000));
        capped.Should().EndWith(new string('a', ContainerFailure.MaxOutputChars)).And.Contain("…");
        capped.Length.Should().Be("x; its last output: …".Length + ContainerFailure.MaxOutputChars);
    }
}
