using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Tests.Security;
using DynamoMcp.Operator.Workflows.Planning;
using DynamoMcp.Operator.Workflows.Runs;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Workflows;

/// <summary>The children of attempts: built restricted, read back as the same attempt, outputs parsed and bounded.</summary>
public sealed class WorkflowStepChildrenTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    private static WorkflowRun Run() => new()
    {
        Metadata = new V1ObjectMeta { Name = "release", NamespaceProperty = "team", Uid = "run-uid" },
        Spec = new WorkflowRunSpec { WorkflowRef = new WorkflowReference { Name = "ship" } },
    };

    private static WorkflowStep Container() => new()
    {
        Name = "lint",
        TimeoutSeconds = 30,
        Container = new ContainerAction { Image = "python:3.12-slim", Command = ["python3", "-c", "print(1)"] },
    };

    [Fact]
    public void A_container_attempt_is_a_restricted_sandbox_job_without_ttl_that_reads_back_as_its_attempt()
    {
        var start = new StartChild("lint", 4, 2, DynamoMcp.Operator.Workflows.Planning.ChildNames.For("release", "lint", 4, 2));
        var fields = new StepFields { Args = ["--strict"], Project = new StepProject("app", ["app-output-0", "app-output-1"], new string('a', 64)) };

        var job = WorkflowStepChildBuilder.Job(Run(), "ship", Container(), start, fields, new SandboxOptions());

        PodSecurityRestrictedChecker.Check(job.Spec.Template.Spec).Should().BeEmpty();
        job.Metadata.Name.Should().Be("release-lint-4-2");
        job.Spec.TtlSecondsAfterFinished.Should().BeNull("the Job is the attempt's record until the run is deleted");
        job.Spec.Template.Spec.AutomountServiceAccountToken.Should().BeFalse();
        job.Metadata.OwnerReferences.Should().ContainSingle(o => o.Uid == "run-uid" && o.Controller == true);
        ObservedChildren.Key(job).Should().Be(new ChildKey("lint", 4, 2));
        var unpack = job.Spec.Template.Spec.InitContainers.Should().ContainSingle().Subject;
        unpack.Args.Should().StartWith("unpack");
        unpack.VolumeMounts.Select(m => m.MountPath).Should().Contain(["/input/chunks/0", "/input/chunks/1", SandboxJobBuilder.SourcePath]);
        job.Spec.Template.Spec.Containers[0].VolumeMounts.Should().ContainSingle(m => m.MountPath == SandboxJobBuilder.SourcePath && m.ReadOnlyProperty == true);
        job.Spec.Template.Spec.Containers[0].Args.Should().Equal("--strict");
    }

    [Fact]
    public void A_tool_call_record_running_under_another_operator_process_is_a_failed_attempt()
    {
        var step = new WorkflowStep { Name = "note", ToolCall = new ToolCallAction { Server = "memory", Tool = "create_entities" } };
        var record = WorkflowStepChildBuilder.Record(Run(), "ship", step, new StartChild("note", null, 1, "release-note-1"), instance: "before-crash");
        record.Metadata.CreationTimestamp = Now;

        ToolCallRecord.Observe(record, "before-crash").State.Should().Be(ChildState.Running);
        var after = ToolCallRecord.Observe(record, "after-restart");
        after.State.Should().Be(ChildState.Failed);
        after.Message.Should().Contain("restarted").And.Contain("create_entities").And.Contain("memory");

        record.Data[ToolCallRecord.StateKey] = ToolCallRecord.Succeeded;
        record.Data[ToolCallRecord.OutputsKey] = """{"entities":2}""";
        ToolCallRecord.Observe(record, "after-restart").State.Should().Be(ChildState.Succeeded);
        StepOutputs.OfToolRecord(record)["entities"].Should().Be(2L);
    }

    [Fact]
    public void A_stopped_child_stays_a_failed_attempt_after_it_is_deleted()
    {
        var run = Run();
        run.Status.StoppedChildren = [new WorkflowStoppedChild { Name = "release-lint-1", Step = "lint", Attempt = 1, Reason = "Timeout", Message = "Attempt 1 timed out.", Time = Now }];

        var observed = ObservedChildren.Read(run, [], [], [], "me");

        observed.States.Should().ContainKey(new ChildKey("lint", null, 1)).WhoseValue.Should().Be(new ObservedChild(ChildState.Failed, Now, Now, "Attempt 1 timed out."));
        observed.Objects.Should().BeEmpty();
    }

    [Theory]
    [InlineData("starting\n{\"files\": 12, \"ok\": true}\n", "{\"files\":12,\"ok\":true}")]
    [InlineData("{\"files\": 12}\nall done\n", "{}")]
    [InlineData("[1, 2]\n", "{}")]
    [InlineData("{not json\n", "{}")]
    [InlineData("", "{}")]
    public void A_container_step_outputs_its_last_stdout_line_when_it_is_a_json_object(string log, string outputs) =>
        DynamoMcp.Api.Serialization.FreeForm.ToJsonObject((IEnumerable<KeyValuePair<string, object?>>)StepOutputs.OfContainerLog(log)).ToJsonString().Should().Be(outputs);

    [Fact]
    public void Outputs_larger_than_a_step_may_keep_become_a_note_of_their_size()
    {
        var huge = new Dictionary<string, object?> { ["blob"] = new string('x', StepOutputs.MaxBytes + 1) };

        var stored = StepOutputs.Parse(StepOutputs.Serialize(huge));

        stored["truncated"].Should().Be(true);
        stored["message"].Should().BeOfType<string>().Which.Should().Contain("more than the");
    }
}
