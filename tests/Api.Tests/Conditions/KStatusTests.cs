using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Api.Tests.Conditions;

public sealed class KStatusTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private static string Summary(IDynamoStatus status) =>
        string.Join(",", status.Conditions.OrderBy(c => c.Type, StringComparer.Ordinal).Select(c => $"{c.Type}={c.Status}/{c.Reason}"));

    [Fact]
    public void Reconciling_then_ready_then_stalled_keeps_the_three_conditions_consistent()
    {
        var status = new ScaffoldStatus();

        status.MarkReconciling(1, ConditionReasons.Rendering, "rendering", _clock).Should().BeTrue();
        Summary(status).Should().Be("Ready=Unknown/Rendering,Reconciling=True/Rendering");
        status.ObservedGeneration.Should().Be(1);

        status.MarkReady(1, ConditionReasons.Succeeded, "rendered 12 files", _clock).Should().BeTrue();
        Summary(status).Should().Be("Ready=True/Succeeded");

        status.MarkStalled(2, ConditionReasons.InvalidVariables, "project_slug must match ^[a-z_]+$", _clock).Should().BeTrue();
        Summary(status).Should().Be("Ready=False/InvalidVariables,Stalled=True/InvalidVariables");
        status.ObservedGeneration.Should().Be(2);
        status.Conditions.Should().AllSatisfy(c => c.ObservedGeneration.Should().Be(2));

        status.MarkRetrying(3, ConditionReasons.SourceUnreachable, "github.com: connection refused", _clock).Should().BeTrue();
        Summary(status).Should().Be("Ready=False/SourceUnreachable,Reconciling=True/ProgressingWithRetry");
    }

    [Fact]
    public void Marking_the_same_state_twice_reports_no_change()
    {
        var status = new McpServerStatus();
        status.MarkReady(4, ConditionReasons.Succeeded, "2/2 replicas ready", _clock);
        _clock.Advance(TimeSpan.FromMinutes(5));

        status.MarkReady(4, ConditionReasons.Succeeded, "2/2 replicas ready", _clock).Should().BeFalse();
    }

    [Fact]
    public void A_new_generation_alone_is_a_change()
    {
        var status = new WorkflowStatus();
        status.MarkReady(1, ConditionReasons.Succeeded, "valid", _clock);

        status.MarkReady(2, ConditionReasons.Succeeded, "valid", _clock).Should().BeTrue();
        status.Conditions.Find(ConditionTypes.Ready)!.ObservedGeneration.Should().Be(2);
    }
}
