using DynamoMcp.Api.Conditions;
using k8s.Models;

namespace DynamoMcp.Api.Tests.Conditions;

public sealed class ConditionListExtensionsTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

    [Fact]
    public void Set_adds_a_condition_stamped_with_the_clock_at_second_precision()
    {
        var conditions = new List<V1Condition>();

        conditions.Set(ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.Succeeded, "done", 3, _clock).Should().BeTrue();

        var ready = conditions.Find(ConditionTypes.Ready)!;
        ready.Should().BeEquivalentTo(new { Type = "Ready", Status = "True", Reason = "Succeeded", Message = "done", ObservedGeneration = 3L });
        ready.LastTransitionTime.Should().Be(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue();
        conditions.IsUnknown(ConditionTypes.Stalled).Should().BeTrue();
    }

    [Fact]
    public void Transition_time_moves_only_when_status_changes()
    {
        var conditions = new List<V1Condition>();
        conditions.Set("Ready", "False", "Progressing", "a", 1, _clock);
        var first = conditions.Find("Ready")!.LastTransitionTime;

        _clock.Advance(TimeSpan.FromMinutes(1));
        conditions.Set("Ready", "False", "SourceUnreachable", "b", 2, _clock).Should().BeTrue();
        conditions.Find("Ready")!.LastTransitionTime.Should().Be(first);

        _clock.Advance(TimeSpan.FromMinutes(1));
        conditions.Set("Ready", "True", "Succeeded", "c", 2, _clock).Should().BeTrue();
        conditions.Find("Ready")!.LastTransitionTime.Should().Be(first.AddMinutes(2));
        conditions.Should().ContainSingle();
    }

    [Fact]
    public void Setting_the_same_values_again_reports_no_change()
    {
        var conditions = new List<V1Condition>();
        conditions.Set("Ready", "True", "Succeeded", "ok", 1, _clock);
        _clock.Advance(TimeSpan.FromHours(1));

        conditions.Set("Ready", "True", "Succeeded", "ok", 1, _clock).Should().BeFalse();
    }

    [Theory]
    [InlineData("Ready", "Yes", "Succeeded")]
    [InlineData("Ready", "True", "")]
    [InlineData("", "True", "Succeeded")]
    public void Invalid_arguments_are_rejected(string type, string status, string reason)
    {
        var act = () => new List<V1Condition>().Set(type, status, reason, "", 1, _clock);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Long_messages_are_truncated_to_the_schema_limit()
    {
        var conditions = new List<V1Condition>();
        conditions.Set("Ready", "False", "Failed", new string('x', 40000), 1, _clock);

        conditions[0].Message.Length.Should().Be(ConditionListExtensions.MaxMessageLength);
    }

    [Fact]
    public void Remove_reports_whether_the_condition_existed()
    {
        var conditions = new List<V1Condition>();
        conditions.Set("Stalled", "True", "InvalidSpec", "", 1, _clock);

        conditions.Remove("Stalled").Should().BeTrue();
        conditions.Remove("Stalled").Should().BeFalse();
        conditions.Should().BeEmpty();
    }
}
