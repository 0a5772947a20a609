using System.Collections.Concurrent;
using DynamoMcp.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.Runtime.Tests.Queue;

public sealed class WorkQueueTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_added_many_times_is_pending_once()
    {
        using var queue = new WorkQueue<string>();

        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        queue.Count.Should().Be(2);
        (await queue.GetAsync(Ct)).Key.Should().Be("a");
        (await queue.GetAsync(Ct)).Key.Should().Be("b");
        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_key_added_while_processing_is_requeued_only_after_done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var (key, _) = await queue.GetAsync(Ct);

        queue.Add("a");
        queue.Add("a");

        queue.Count.Should().Be(0, "the key is in flight; a second worker must not get it");
        using var shortWait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var second = queue.GetAsync(shortWait.Token).AsTask();
        second.IsCompleted.Should().BeFalse();

        queue.Done(key!);

        (await second.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Key.Should().Be("a");
        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task Done_without_a_new_add_does_not_requeue()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var (key, _) = await queue.GetAsync(Ct);

        queue.Done(key!);

        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task Concurrent_workers_never_hold_the_same_key_at_once()
    {
        using var queue = new WorkQueue<int>();
        var inFlight = new ConcurrentDictionary<int, int>();
        var overlaps = 0;
        var processed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        async Task WorkerAsync()
        {
            while (true)
            {
                var (key, shutdown) = await queue.GetAsync(stop.Token);
                if (shutdown)
                {
                    return;
                }

                if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(WorkerAsync, Ct)).ToList();
        for (var i = 0; i < 2000; i++)
        {
            queue.Add(i % 5);
            if (i % 50 == 0)
            {
                await Task.Yield();
            }
        }

        while (queue.Count > 0)
        {
            await Task.Delay(10, Ct);
        }

        await queue.ShutDownWithDrainAsync(Ct);
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        overlaps.Should().Be(0);
        processed.Should().BeGreaterThan(0).And.BeLessThan(2000, "repeated adds of pending keys collapse");
    }

    [Fact]
    public void AddAfter_makes_the_key_ready_only_when_the_delay_has_passed_and_the_earliest_schedule_wins()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time: time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));

        queue.Count.Should().Be(0);
        queue.DelayedCount.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(2));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1);
        queue.DelayedCount.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(30));
        queue.Count.Should().Be(1, "later schedules of the same key were superseded");
    }

    [Fact]
    public async Task AddRateLimited_backs_off_exponentially_and_forget_resets()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(
            new WorkQueueOptions { BackoffBase = TimeSpan.FromMilliseconds(5), BackoffCap = TimeSpan.FromSeconds(1000) }, time);

        async Task<TimeSpan> FailOnceAsync()
        {
            queue.AddRateLimited("a");
            var waited = TimeSpan.Zero;
            while (queue.Count == 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
                waited += TimeSpan.FromMilliseconds(1);
            }

            var (key, _) = await queue.GetAsync(Ct);
            queue.Done(key!);
            return waited;
        }

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            delays.Add(await FailOnceAsync());
        }

        delays.Should().Equal(
            TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40));
        queue.NumRequeues("a").Should().Be(4);

        queue.Forget("a");

        queue.NumRequeues("a").Should().Be(0);
        (await FailOnceAsync()).Should().Be(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public async Task ShutDownWithDrain_waits_for_in_flight_keys_and_stops_handing_out()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        var (key, _) = await queue.GetAsync(Ct);

        var drain = queue.ShutDownWithDrainAsync(Ct);

        drain.IsCompleted.Should().BeFalse("key {0} is still being processed", key);
        (await queue.GetAsync(Ct)).Shutdown.Should().BeTrue();
        queue.Add("c");
        queue.Count.Should().Be(1, "adds after shutdown are ignored");

        queue.Done(key!);

        await drain.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task ShutDown_releases_waiting_workers()
    {
        using var queue = new WorkQueue<string>();
        var waiting = queue.GetAsync(Ct).AsTask();

        queue.ShutDown();

        (await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Shutdown.Should().BeTrue();
    }

    [Fact]
    public async Task A_cancelled_wait_does_not_lose_keys()
    {
        using var queue = new WorkQueue<string>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var waiting = queue.GetAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();
        queue.Add("a");

        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
        (await queue.GetAsync(Ct)).Key.Should().Be("a");
    }
}
