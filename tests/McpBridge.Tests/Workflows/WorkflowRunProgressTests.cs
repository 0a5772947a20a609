using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Workflows;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Workflows;

public sealed class WorkflowRunProgressTests
{
    [Fact]
    public void Before_the_cache_has_the_run_it_reports_nothing_done_of_the_workflows_steps()
    {
        var report = WorkflowRunProgress.Report(null, null, 4);

        report.Progress.Should().Be(0);
        report.Total.Should().Be(4);
        report.Message.Should().Be("0/4 WorkflowRun created; waiting for the operator");
    }

    [Fact]
    public void A_run_the_operator_has_not_seen_yet_is_pending_and_waits_for_it()
    {
        var run = Run(WorkflowRunPhase.Pending);
        run.Status = new WorkflowRunStatus();

        WorkflowRunProgress.Report(null, run, 3).Message.Should().Be("0/3 Pending; waiting for the operator");
    }

    [Fact]
    public void The_message_names_only_the_steps_that_changed_since_the_last_state()
    {
        var first = Run(WorkflowRunPhase.Running, ("lint", WorkflowStepPhase.Running), ("render", WorkflowStepPhase.Pending));
        var second = Run(WorkflowRunPhase.Running, ("lint", WorkflowStepPhase.Succeeded), ("render", WorkflowStepPhase.Running));

        WorkflowRunProgress.Report(null, first, 2).Message.Should().Be("0/2 lint: Running");
        WorkflowRunProgress.Report(first.Status.Steps, second, 2).Message.Should().Be("1/2 lint: Succeeded, render: Running");
        WorkflowRunProgress.Report(second.Status.Steps, second, 2).Message.Should().Be("1/2 Running", "nothing changed");
    }

    [Fact]
    public void Every_step_forward_raises_the_progress_value()
    {
        var states = new[]
        {
            Run(WorkflowRunPhase.Pending, ("a", WorkflowStepPhase.Pending), ("b", WorkflowStepPhase.Pending)),
            Run(WorkflowRunPhase.Running, ("a", WorkflowStepPhase.Running), ("b", WorkflowStepPhase.Pending)),
            Run(WorkflowRunPhase.Running, ("a", WorkflowStepPhase.Succeeded), ("b", WorkflowStepPhase.Pending)),
            Run(WorkflowRunPhase.Running, ("a", WorkflowStepPhase.Succeeded), ("b", WorkflowStepPhase.Running)),
            Run(WorkflowRunPhase.Succeeded, ("a", WorkflowStepPhase.Succeeded), ("b", WorkflowStepPhase.Succeeded)),
        };

        var values = states.Select(s => WorkflowRunProgress.Report(null, s, 2).Progress).ToList();

        values.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        values[^1].Should().Be(2);
    }

    [Fact]
    public void A_fan_out_counts_its_items_and_says_how_many_succeeded()
    {
        var none = Run(WorkflowRunPhase.Running, ("deploy", WorkflowStepPhase.Running));
        none.Status.Steps![0].Items = 4;
        none.Status.Steps![0].ItemsSucceeded = 0;
        var some = Run(WorkflowRunPhase.Running, ("deploy", WorkflowStepPhase.Running));
        some.Status.Steps![0].Items = 4;
        some.Status.Steps![0].ItemsSucceeded = 3;

        var report = WorkflowRunProgress.Report(none.Status.Steps, some, 1);

        report.Message.Should().Be("0/1 deploy: Running (3/4 items)");
        report.Progress.Should().BeGreaterThan(WorkflowRunProgress.Report(null, none, 1).Progress).And.BeLessThan(1);
    }

    [Fact]
    public void A_finished_run_reports_the_total_with_its_message()
    {
        var failed = Run(WorkflowRunPhase.Failed, ("fetch", WorkflowStepPhase.Succeeded), ("compile", WorkflowStepPhase.Failed), ("ship", WorkflowStepPhase.Pending));
        failed.Status.Message = "Step compile failed: exit code 2";

        var report = WorkflowRunProgress.Report(null, failed, 3);

        report.Progress.Should().Be(3);
        report.Total.Should().Be(3);
        report.Message.Should().Be("2/3 Failed: Step compile failed: exit code 2");
    }

    [Fact]
    public void A_failed_step_carries_its_message_and_a_retry_its_attempt()
    {
        var running = Run(WorkflowRunPhase.Running, ("compile", WorkflowStepPhase.Running));
        var retried = Run(WorkflowRunPhase.Running, ("compile", WorkflowStepPhase.Running));
        retried.Status.Steps![0].Attempts = 2;
        var failed = Run(WorkflowRunPhase.Running, ("compile", WorkflowStepPhase.Failed), ("after", WorkflowStepPhase.Pending));
        failed.Status.Steps![0].Message = "exit code 2";

        WorkflowRunProgress.Report(running.Status.Steps, retried, 1).Message.Should().Be("0/1 compile: Running (attempt 2)");
        WorkflowRunProgress.Report(running.Status.Steps, failed, 2).Message.Should().Be("1/2 compile: Failed: exit code 2");
    }

    private static WorkflowRun Run(WorkflowRunPhase phase, params (string Name, WorkflowStepPhase Phase)[] steps) => new()
    {
        Metadata = new V1ObjectMeta { Name = "run-1", NamespaceProperty = "team-w" },
        Spec = new WorkflowRunSpec { WorkflowRef = new WorkflowReference { Name = "wf" } },
        Status = new WorkflowRunStatus { Phase = phase, Steps = [.. steps.Select(s => new WorkflowStepStatus { Name = s.Name, Phase = s.Phase })] },
    };
}
