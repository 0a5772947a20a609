using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Tests.Templates;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Sandbox;

/// <summary>
/// <see cref="SandboxLogReader.WithPodStatus"/> takes a frame only from a container whose exit agrees with it: template
/// code can print a frame of its own, but it cannot choose how the generator's container ends.
/// </summary>
public sealed class SandboxResultTrustTests
{
    private const string Container = "render";

    private static SandboxResult Success(string kind) => GeneratorPayloads.Framed(new JsonObject { ["kind"] = kind, ["version"] = 1, ["revision"] = "forged" });

    private static SandboxResult Error(string reason, int? exitCode)
    {
        var payload = new JsonObject { ["kind"] = "Error", ["version"] = 1, ["reason"] = reason, ["message"] = "it failed." };
        if (exitCode is not null)
        {
            payload["exitCode"] = exitCode;
        }

        return GeneratorPayloads.Framed(payload);
    }

    private static V1Pod Pod(int exitCode, string? reason = null, bool init = false)
    {
        var status = new V1ContainerStatus
        {
            Name = Container,
            State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason ?? (exitCode == 0 ? "Completed" : "Error") } },
        };
        var container = new V1Container
        {
            Name = Container,
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") } },
        };
        return new V1Pod
        {
            Spec = new V1PodSpec { Containers = init ? [] : [container], InitContainers = init ? [container] : null },
            Status = new V1PodStatus { ContainerStatuses = init ? null : [status], InitContainerStatuses = init ? [status] : null },
        };
    }

    [Theory]
    [InlineData("InspectResult")]
    [InlineData("RenderResult")]
    [InlineData("FetchResult")]
    public void A_success_from_a_container_that_exited_0_is_trusted(string kind)
    {
        var read = Success(kind);

        SandboxLogReader.WithPodStatus(read, Pod(0), Container).Should().BeSameAs(read);
        SandboxLogReader.WithPodStatus(read, Pod(0, init: true), Container).Should().BeSameAs(read, "init containers (fetch) are held to their own exit");
    }

    [Fact]
    public void A_success_from_a_container_that_failed_is_not_trusted_and_its_exit_code_says_what_happened()
    {
        var result = SandboxLogReader.WithPodStatus(Success("RenderResult"), Pod(14), Container);

        result.Payload.Should().BeNull();
        result.Problem.Should().Be(SandboxResultProblem.Untrusted);
        result.ExitReason.Should().Be(GeneratorReasons.HookFailed);
        result.Error.Should().Be("the sandbox container render exited with code 14 but the last result frame in its log is of kind RenderResult, which only " +
            "a container that exits 0 prints: the frame was not trusted (template code may have printed it); exit code 14 stands for HookFailed, see the pod's log.");
        SandboxFailures.Of(SandboxStage.Render, result, "app-render-1").Should().Be(new SandboxFailure(
            ConditionReasons.RenderFailed, "Render Job app-render-1 failed: " + result.Error, SandboxFailureClass.Stalled, GeneratorReasons.HookFailed));
    }

    [Fact]
    public void A_fetch_container_that_exited_with_SourceUnreachable_is_retried_whatever_its_frame_claims()
    {
        var result = SandboxLogReader.WithPodStatus(Success("FetchResult"), Pod(10, init: true), Container);

        SandboxFailures.Of(SandboxStage.Fetch, result)!.Should().Be(new SandboxFailure(
            ConditionReasons.SourceUnreachable, result.Error, SandboxFailureClass.Transient, GeneratorReasons.SourceUnreachable));
    }

    [Fact]
    public void A_success_from_a_killed_container_is_an_untrusted_result()
    {
        var result = SandboxLogReader.WithPodStatus(Success("InspectResult"), Pod(137), Container);

        result.Problem.Should().Be(SandboxResultProblem.Untrusted);
        result.ExitReason.Should().BeNull("137 is a signal, no generator exit code");
        result.Error.Should().Contain("exited with code 137 but the last result frame in its log is of kind InspectResult").And.EndWith("; see the pod's log.");
        SandboxFailures.Of(SandboxStage.Inspect, result, "web-inspect-1")!.Should().Be(new SandboxFailure(
            ConditionReasons.InspectFailed, "Inspect Job web-inspect-1 failed: " + result.Error, SandboxFailureClass.Stalled, GeneratorReasons.UntrustedResult));
    }

    [Fact]
    public void A_success_from_an_oom_killed_container_is_out_of_memory()
    {
        var result = SandboxLogReader.WithPodStatus(Success("RenderResult"), Pod(137, "OOMKilled"), Container);

        result.Problem.Should().Be(SandboxResultProblem.OutOfMemory);
        result.Error.Should().Be("the sandbox container render ran out of memory (limit 512Mi) and was killed; raise spec.sandbox.resources.limits.memory of the template.");
        SandboxFailures.Of(SandboxStage.Render, result)!.GeneratorReason.Should().Be(GeneratorReasons.OutOfMemory);
    }

    [Fact]
    public void An_error_with_the_containers_exit_code_is_trusted()
    {
        var invalid = Error(GeneratorReasons.InvalidTemplate, 12);
        var newer = Error("QuotaExceeded", 42);

        SandboxLogReader.WithPodStatus(invalid, Pod(12), Container).Should().BeSameAs(invalid);
        SandboxLogReader.WithPodStatus(newer, Pod(42), Container).Should().BeSameAs(newer, "a reason of a newer image is judged by its exit code alone");
    }

    [Fact]
    public void An_oom_killed_container_is_out_of_memory_whatever_error_it_printed()
    {
        // The generator outlived its child's OOM kill and said TemplateAborted, or a hook killed by the OOM killer made it
        // say HookFailed: both only describe the consequence of the limit the kubelet names.
        foreach (var (reason, code) in new[] { (GeneratorReasons.TemplateAborted, 20), (GeneratorReasons.HookFailed, 14) })
        {
            var result = SandboxLogReader.WithPodStatus(Error(reason, code), Pod(code, "OOMKilled"), Container);

            result.Problem.Should().Be(SandboxResultProblem.OutOfMemory);
            result.Error.Should().Contain("ran out of memory (limit 512Mi)").And.Contain("spec.sandbox.resources.limits.memory");
        }
    }

    [Fact]
    public void An_evicted_pod_is_storage_exceeded_and_says_which_limit_to_raise()
    {
        var pod = Pod(137);
        (pod.Status.Phase, pod.Status.Reason, pod.Status.Message) = ("Failed", "Evicted", "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi.");

        var result = SandboxLogReader.WithPodStatus(SandboxResult.Failed(SandboxResultProblem.Missing, "no frame"), pod, Container);

        result.Problem.Should().Be(SandboxResultProblem.Evicted);
        result.Error.Should().Contain("exceeds the total limit of containers 1Gi").And.Contain("spec.sandbox.resources.limits.ephemeral-storage");
        SandboxFailures.Of(SandboxStage.Render, result)!.Reason.Should().Be(ConditionReasons.OutputTooLarge);

        pod.Status.Message = "Usage of EmptyDir volume \"tmp\" exceeds the limit \"512Mi\". ";
        SandboxLogReader.WithPodStatus(SandboxResult.Failed(SandboxResultProblem.Missing, "no frame"), pod, Container).Error
            .Should().Contain("EmptyDir volume \"tmp\"").And.Contain("Sandbox:ScratchSizeLimit");
    }

    [Fact]
    public void A_pod_past_its_own_deadline_timed_out_with_the_deadline_named()
    {
        var pod = Pod(137);
        pod.Spec.ActiveDeadlineSeconds = 45;
        (pod.Status.Phase, pod.Status.Reason) = ("Failed", "DeadlineExceeded");

        var result = SandboxLogReader.WithPodStatus(Error(GeneratorReasons.HookFailed, 14), pod, Container);

        result.Problem.Should().Be(SandboxResultProblem.TimedOut);
        result.Error.Should().Contain("deadline of 45s").And.Contain("spec.timeoutSeconds");
        SandboxFailures.Of(SandboxStage.Render, result)!.Reason.Should().Be(ConditionReasons.RenderTimeout);
    }

    [Fact]
    public void A_container_that_succeeded_before_its_pod_was_evicted_keeps_its_result()
    {
        var pod = Pod(0, init: true);
        (pod.Status.Phase, pod.Status.Reason, pod.Status.Message) = ("Failed", "Evicted", "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi.");
        var fetched = Success("FetchResult");

        SandboxLogReader.WithPodStatus(fetched, pod, Container).Should().BeSameAs(fetched, "the fetch init container ended well before the render was evicted");
    }

    [Theory]
    [InlineData("InvalidTemplate", 12, 0, "is an Error (InvalidTemplate) that says exit code 12", null)]
    [InlineData("InvalidTemplate", 12, 14, "is an Error (InvalidTemplate) that says exit code 12", "HookFailed")]
    [InlineData("SourceUnreachable", 137, 137, "is an Error whose reason SourceUnreachable has exit code 10, not 137", null)]
    [InlineData("QuotaExceeded", 0, 0, "is an Error (QuotaExceeded) that says exit code 0", null)]
    [InlineData("Internal", null, 1, "is an Error without an exitCode", "Internal")]
    public void An_error_that_disagrees_with_the_exit_is_not_trusted(string reason, int? said, int exit, string why, string? exitReason)
    {
        var result = SandboxLogReader.WithPodStatus(Error(reason, said), Pod(exit), Container);

        result.Problem.Should().Be(SandboxResultProblem.Untrusted);
        result.Error.Should().Contain($"exited with code {exit} but the last result frame in its log {why}: the frame was not trusted");
        result.ExitReason.Should().Be(exitReason);
    }

    [Fact]
    public void A_frame_from_a_container_that_has_not_ended_is_not_trusted_yet_and_retried()
    {
        var running = Pod(0);
        running.Status.ContainerStatuses[0].State = new V1ContainerState { Running = new V1ContainerStateRunning() };
        running.Status.ContainerStatuses[0].LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0 } };

        foreach (var pod in new[] { running, new V1Pod() })
        {
            var result = SandboxLogReader.WithPodStatus(Success("RenderResult"), pod, Container);

            result.Problem.Should().Be(SandboxResultProblem.Missing);
            result.Error.Should().Contain("has not ended").And.Contain("not trusted yet");
            SandboxFailures.Of(SandboxStage.Render, result)!.Class.Should().Be(SandboxFailureClass.Transient);
        }
    }
}
