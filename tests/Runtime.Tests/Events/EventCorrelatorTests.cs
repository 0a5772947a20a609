using DynamoMcp.Runtime.Events;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.Runtime.Tests.Events;

public sealed class EventCorrelatorTests
{
    private static EventKey Key(string message = "Job started", string reason = "Started", string name = "t1") =>
        new("dynamo-mcp.io/v1alpha1", "Scaffold", "default", name, "uid-" + name, EventTypes.Normal, reason, message);

    [Fact]
    public void Same_event_within_the_window_bumps_count_and_last_timestamp_of_one_event()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var correlator = new EventCorrelator(time, TimeSpan.FromMinutes(10));

        var first = correlator.Observe(Key());
        time.Advance(TimeSpan.FromMinutes(3));
        var second = correlator.Observe(Key());
        time.Advance(TimeSpan.FromMinutes(9));
        var third = correlator.Observe(Key());

        first.IsNew.Should().BeTrue();
        first.Count.Should().Be(1);
        second.IsNew.Should().BeFalse();
        second.Name.Should().Be(first.Name);
        second.Count.Should().Be(2);
        second.LastTimestamp.Should().Be(first.FirstTimestamp + TimeSpan.FromMinutes(3));
        second.FirstTimestamp.Should().Be(first.FirstTimestamp);
        third.Count.Should().Be(3, "the window runs from the last occurrence");
    }

    [Fact]
    public void Different_reason_message_or_object_is_a_different_event()
    {
        var correlator = new EventCorrelator(new FakeTimeProvider());
        var first = correlator.Observe(Key());

        correlator.Observe(Key(message: "Job failed")).IsNew.Should().BeTrue();
        correlator.Observe(Key(reason: "Failed")).IsNew.Should().BeTrue();
        var other = correlator.Observe(Key(name: "t2"));
        other.IsNew.Should().BeTrue();
        other.Name.Should().NotBe(first.Name).And.StartWith("t2.");
    }

    [Fact]
    public void After_the_window_a_new_event_is_created()
    {
        var time = new FakeTimeProvider();
        var correlator = new EventCorrelator(time, TimeSpan.FromMinutes(10));
        var first = correlator.Observe(Key());

        time.Advance(TimeSpan.FromMinutes(11));
        var later = correlator.Observe(Key());

        later.IsNew.Should().BeTrue();
        later.Count.Should().Be(1);
        later.Name.Should().NotBe(first.Name);
    }

    [Fact]
    public void Capacity_bounds_memory_by_evicting_the_least_recently_seen()
    {
        var correlator = new EventCorrelator(new FakeTimeProvider(), capacity: 2);
        correlator.Observe(Key(message: "a"));
        correlator.Observe(Key(message: "b"));
        correlator.Observe(Key(message: "a"));

        correlator.Observe(Key(message: "c"));

        correlator.Observe(Key(message: "a")).IsNew.Should().BeFalse("a was seen recently");
        correlator.Observe(Key(message: "b")).IsNew.Should().BeTrue("b was evicted");
    }
}
