using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Sandbox;

public sealed class SandboxFailuresTests
{
    private static SandboxResult Error(string reason, string message, JsonArray? problems = null)
    {
        var payload = new JsonObject { ["kind"] = "Error", ["version"] = 1, ["reason"] = reason, ["message"] = message, ["exitCode"] = 1 };
        if (problems is not null)
        {
            payload["problems"] = problems;
        }

        return SandboxResultFrame.Read(SandboxResultFrame.Encode(payload));
    }

    private static SandboxResult Result(string kind) => SandboxResultFrame.Read(SandboxResultFrame.Encode(new JsonObject { ["kind"] = kind, ["version"] = 1 }));

    [Fact]
    public void A_result_that_is_no_error_is_no_failure()
    {
        SandboxFailures.Of(SandboxStage.Inspect, Result("InspectResult")).Should().BeNull();
        SandboxFailures.Of(SandboxStage.Render, Result("RenderResult")).Should().BeNull();
    }

    [Fact]
    public void An_error_payload_is_classified_by_its_reason_and_names_it_when_the_condition_reason_does_not()
    {
        SandboxFailures.Of(SandboxStage.Inspect, Error("SourceUnreachable", "could not read the git repository."), "web-inspect-1")
            .Should().Be(new SandboxFailure(ConditionReasons.SourceUnreachable, "could not read the git repository.", SandboxFailureClass.Transient, "SourceUnreachable"));
        SandboxFailures.Of(SandboxStage.Render, Error("InvalidTemplate", "cookiecutter could not render."))
            .Should().Be(new SandboxFailure(ConditionReasons.RenderFailed, "InvalidTemplate: cookiecutter could not render.", SandboxFailureClass.Stalled, "InvalidTemplate"));
    }

    [Fact]
    public void The_problems_of_an_error_are_part_of_its_message()
    {
        var failure = SandboxFailures.Of(SandboxStage.Render, Error("InvalidVariables", "the variables do not fit.",
            [new JsonObject { ["variable"] = "license", ["message"] = "'GPL' is not one of: MIT" }]))!;

        failure.Reason.Should().Be(ConditionReasons.InvalidVariables);
        failure.Message.Should().Be("the variables do not fit. Problems: license: 'GPL' is not one of: MIT");
    }

    [Theory]
    [InlineData("", SandboxFailureClass.Transient, "NoResult", "empty")]
    [InlineData("killed\n-----BEGIN DYNAMO RESULT-----\nsha256:00\n", SandboxFailureClass.Transient, "NoResult", "cut off")]
    [InlineData("-----BEGIN DYNAMO RESULT-----\nsha256:00\nAAAA\n-----END DYNAMO RESULT-----\n", SandboxFailureClass.Stalled, "CorruptResult", "checksum")]
    public void A_log_without_a_usable_frame_is_classified_by_its_problem(string log, SandboxFailureClass @class, string row, string message)
    {
        var failure = SandboxFailures.Of(SandboxStage.Inspect, SandboxResultFrame.Read(log), "web-inspect-1")!;

        failure.Reason.Should().Be(ConditionReasons.InspectFailed);
        failure.Class.Should().Be(@class);
        failure.GeneratorReason.Should().Be(row);
        failure.Message.Should().StartWith("Inspect Job web-inspect-1 failed: ").And.Contain(message);
    }

    [Fact]
    public void A_frame_of_another_protocol_version_is_stalled()
    {
        var read = SandboxResultFrame.Read(SandboxResultFrame.Encode(new JsonObject { ["kind"] = "RenderResult", ["version"] = 2 }));

        var failure = SandboxFailures.Of(SandboxStage.Render, read, "app-render-1")!;

        failure.Should().Be(new SandboxFailure(ConditionReasons.RenderFailed,
            "Render Job app-render-1 failed: the sandbox image speaks protocol 2, this operator knows 1: upgrade the operator or pin the image (Sandbox:Image) to one that speaks protocol 1.",
            SandboxFailureClass.Stalled, GeneratorReasons.UnknownProtocol));
    }

    [Fact]
    public void A_render_job_reports_the_render_failure_first_and_the_deliver_steps_once_it_rendered()
    {
        var nothing = SandboxResultFrame.Read("");
        var pushRefused = Error("OutputAuthFailed", "the git server refused the credentials in the output Secret.");

        SandboxFailures.OfRender(Result("RenderResult"), pushRefused)!.Should().Be(new SandboxFailure(
            ConditionReasons.OutputAuthFailed, "The project rendered but was not delivered: the git server refused the credentials in the output Secret.", SandboxFailureClass.Stalled, "OutputAuthFailed"));
        SandboxFailures.OfRender(Result("RenderResult"), Error("OutputUnreachable", "no route to git.example.org."))!.Class.Should().Be(SandboxFailureClass.Transient);
        SandboxFailures.OfRender(nothing, pushRefused)!.GeneratorReason.Should().Be(GeneratorReasons.NoResult, "deliver never runs when render left nothing");
        SandboxFailures.OfRender(Error("OutputTooLarge", "too large."), pushRefused)!.Reason.Should().Be(ConditionReasons.OutputTooLarge);
        SandboxFailures.OfRender(Result("RenderResult"), nothing, "my-app-render-1")!.Message.Should().StartWith("Render Job my-app-render-1 rendered, but its deliver step failed:");
        SandboxFailures.OfRender(Result("RenderResult"), null).Should().BeNull();
        SandboxFailures.OfRender(Result("RenderResult"), Result("DeliverResult")).Should().BeNull();
    }

    [Fact]
    public void A_timed_out_job_is_stalled_with_the_stages_timeout_reason_and_deadline()
    {
        var job = new V1Job { Spec = new V1JobSpec { ActiveDeadlineSeconds = 30 } };

        SandboxFailures.TimedOut(SandboxStage.Inspect, job).Should().Be(new SandboxFailure(ConditionReasons.InspectTimeout,
            "Inspecting the template took longer than 30s and was stopped; raise spec.sandbox.timeoutSeconds or check that the git host answers.",
            SandboxFailureClass.Stalled, GeneratorReasons.JobTimedOut));
        SandboxFailures.TimedOut(SandboxStage.Render, job).Reason.Should().Be(ConditionReasons.RenderTimeout);
        SandboxFailures.TimedOut(SandboxStage.Render, job).Message.Should().Contain("30s").And.Contain("spec.timeoutSeconds");
    }

    [Fact]
    public void A_payload_the_parser_refuses_is_an_invalid_result()
    {
        SandboxFailures.InvalidResult(SandboxStage.Render, "the sandbox rendered revision b instead of the pinned a.", "app-render-1")
            .Should().Be(new SandboxFailure(ConditionReasons.RenderFailed, "Render Job app-render-1 failed: the sandbox rendered revision b instead of the pinned a.",
                SandboxFailureClass.Stalled, GeneratorReasons.InvalidResult));
    }

    [Fact]
    public void A_container_killed_for_memory_is_stalled_and_says_which_limit_to_raise()
    {
        var failure = SandboxFailures.Of(SandboxStage.Inspect, OutOfMemory())!;

        failure.GeneratorReason.Should().Be(GeneratorReasons.OutOfMemory);
        failure.Class.Should().Be(SandboxFailureClass.Stalled);
        failure.Message.Should().Contain("ran out of memory (limit 512Mi)").And.Contain("spec.sandbox.resources.limits.memory");
    }

    [Fact]
    public void A_missing_frame_of_a_container_that_was_not_oom_killed_stays_missing()
    {
        var pod = Pod(new V1ContainerStateTerminated { Reason = "Error", ExitCode = 137 });

        SandboxLogReader.WithPodStatus(SandboxResultFrame.Read(""), pod, "inspect").Problem.Should().Be(SandboxResultProblem.Missing);
        SandboxLogReader.WithPodStatus(Result("InspectResult"), Pod(new V1ContainerStateTerminated { Reason = "OOMKilled" }), "inspect")
            .Problem.Should().Be(SandboxResultProblem.None);
    }

    private static SandboxResult OutOfMemory() =>
        SandboxLogReader.WithPodStatus(SandboxResultFrame.Read(""), Pod(new V1ContainerStateTerminated { Reason = "OOMKilled", ExitCode = 137 }), "inspect");

    private static V1Pod Pod(V1ContainerStateTerminated terminated) => new()
    {
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "inspect",
                    Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") } },
                },
            ],
        },
        Status = new V1PodStatus
        {
            ContainerStatuses = [new V1ContainerStatus { Name = "inspect", State = new V1ContainerState { Terminated = terminated } }],
        },
    };
}
