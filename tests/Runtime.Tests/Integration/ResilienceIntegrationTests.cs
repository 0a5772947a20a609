using System.Diagnostics;
using DynamoMcp.LocalCluster;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Leader;
using DynamoMcp.Runtime.Tests.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Runtime.Tests.Integration;

/// <summary>Dropped watches, expired history, leader election handover, idleness and live metrics.</summary>
public sealed class ResilienceIntegrationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RelistDeadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Data = new Dictionary<string, string> { ["value"] = value },
    };

    [Fact]
    public async Task Every_change_is_reconciled_while_watches_drop_and_history_expires_and_the_informer_relists_on_410()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);

        // Before the informer's first watch: the server reads this fault when a watch opens, so a watch opened earlier
        // never closes, never resumes, and never meets the expired history.
        cluster.Faults.CloseWatchesAfterEvents = 3;
        var log = new ReconcileLog();
        await using var host = await RuntimeHost.StartAsync(cluster, log, cancellationToken: Ct);
        var informer = host.Services.GetRequiredService<InformerRegistry>().Get<V1ConfigMap>();
        using var writer = cluster.CreateClient();

        // Rounds go on until a resumed watch has landed behind the expired history (a relist), not for a fixed count:
        // when the informer resumes relative to the writes depends on the machine's load. The deadline only turns a
        // missing relist into a failure instead of a hang.
        var deleted = new List<string>();
        var elapsed = Stopwatch.StartNew();
        for (var round = 0; (informer.Relists == 0 || round < 20) && elapsed.Elapsed < RelistDeadline; round++)
        {
            await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"f-{round}", "a"), "default", cancellationToken: Ct);
            await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"g-{round}", "a"), "default", cancellationToken: Ct);
            if (round > 0)
            {
                var patch = System.Text.Json.JsonSerializer.Serialize(new { data = new { value = "b" } });
                await writer.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), $"f-{round - 1}", "default", cancellationToken: Ct);
                await writer.CoreV1.DeleteNamespacedConfigMapAsync($"g-{round - 1}", "default", cancellationToken: Ct);
                deleted.Add($"g-{round - 1}");
            }

            // Whoever resumes from before this point gets 410 Gone and must relist.
            cluster.Faults.ExpireWatchHistory();
        }

        informer.Relists.Should().BeGreaterThan(0, $"expired history must have forced a relist within {RelistDeadline.TotalSeconds} s of rounds");
        cluster.Faults.Reset();

        var server = await writer.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        await Eventually.TrueAsync(
            () => server.Items.All(c => log.For(ObjectKey.From(c)).Count > 0
                && host.Controller.Cache.Get(ObjectKey.From(c)) is not null),
            "every surviving object was reconciled");

        // An object created and deleted while the informer was relisting was never seen, so it has nothing to clean up.
        var seen = deleted.Where(n => log.For(new ObjectKey("default", n)).Count > 0).ToList();
        output.WriteLine($"deleted: {deleted.Count}, of which reconciled before deletion: {seen.Count}");
        await Eventually.TrueAsync(
            () => seen.All(n => log.Deleted.ContainsKey(new ObjectKey("default", n))),
            $"every deleted object that had been reconciled was seen deleted (missing: {string.Join(",", seen.Where(n => !log.Deleted.ContainsKey(new ObjectKey("default", n))))})");
        deleted.Should().OnlyContain(n => host.Controller.Cache.Get(new ObjectKey("default", n)) == null);
        await Eventually.TrueAsync(
            () => host.Controller.Queue.Count == 0
                && host.Controller.Cache.List("default").Count == server.Items.Count
                && server.Items.Where(c => c.Name().StartsWith("f-", StringComparison.Ordinal) && c.Data["value"] == "b")
                    .All(c => log.For(ObjectKey.From(c)).Any(r => r.Value == "b")),
            "the last state of every object was reconciled and the cache matches");
        log.Overlaps.Should().Be(0);
        output.WriteLine($"relists: {informer.Relists}, reconciles: {log.Total}");
    }

    [Fact]
    public async Task With_leader_election_exactly_one_host_reconciles_and_stopping_it_hands_over()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();
        var leaseDuration = TimeSpan.FromSeconds(6);
        void Election(DynamoMcp.Runtime.Hosting.ControllerRuntimeOptions o, string id)
        {
            o.LeaderElection.Enabled = true;
            o.LeaderElection.LeaseName = "integration-lease";
            o.LeaderElection.Identity = id;
            o.LeaderElection.LeaseDuration = leaseDuration;
            o.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(4);
            o.LeaderElection.RetryPeriod = TimeSpan.FromSeconds(1);
        }

        var a = await RuntimeHost.StartAsync(cluster, log, "a", o => Election(o, "a"), cancellationToken: Ct);
        await using var b = await RuntimeHost.StartAsync(cluster, log, "b", o => Election(o, "b"), cancellationToken: Ct);
        using var writer = cluster.CreateClient();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"le-{i}", "x"), "default", cancellationToken: Ct);
            }

            await Eventually.TrueAsync(() => Enumerable.Range(0, 20).All(i => log.For(new ObjectKey("default", $"le-{i}")).Count > 0), "all objects were reconciled");
            var leader = log.Reconciles.First().Host;
            log.Reconciles.Select(r => r.Host).Distinct().Should().Equal([leader], "only the leader reconciles");
            await Eventually.TrueAsync(() => a.Manager.IsReady && b.Manager.IsReady, "both hosts are ready (leading or standing by)");
            (await a.Http.GetAsync("/readyz", Ct)).IsSuccessStatusCode.Should().BeTrue();
            (await b.Http.GetAsync("/readyz", Ct)).IsSuccessStatusCode.Should().BeTrue();

            var (leading, standby) = leader == "a" ? (a, b) : (b, a);
            standby.Services.GetRequiredService<LeaderElectionState>().IsLeader.Should().BeFalse();

            var stopwatch = Stopwatch.StartNew();
            await leading.DisposeAsync();
            await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after-handover", "x"), "default", cancellationToken: Ct);
            await Eventually.TrueAsync(() => log.For(new ObjectKey("default", "after-handover")).Count > 0, "the standby took over");
            output.WriteLine($"handover took {stopwatch.Elapsed.TotalSeconds:F1} s (lease duration {leaseDuration.TotalSeconds} s)");

            var standbyName = leader == "a" ? "b" : "a";
            log.For(new ObjectKey("default", "after-handover")).Should().OnlyContain(r => r.Host == standbyName);

            // Both hosts share this process's meters while both run, so the gauge is read once the old leader is gone.
            await Eventually.TrueAsync(
                () => PrometheusText.Sample(standby.Http.GetStringAsync("/metrics", Ct).GetAwaiter().GetResult(), "leader_election_master_status", [("name", "integration-lease")]) == 1,
                "the new leader reports leader_election_master_status 1");
            log.Overlaps.Should().Be(0, "no object is reconciled by both hosts at once");
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_idle_controller_makes_no_writes_and_metrics_show_live_values()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();
        await using var host = await RuntimeHost.StartAsync(cluster, log, cancellationToken: Ct);
        using var writer = cluster.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"idle-{i}", "x"), "default", cancellationToken: Ct);
        }

        await Eventually.TrueAsync(
            () => Enumerable.Range(0, 20).All(i => host.Controller.Cache.Get(new ObjectKey("default", $"idle-{i}"))?.Metadata.Annotations?.ContainsKey(SampleConfigMapController.SeenAnnotation) == true),
            "every object converged");
        await Eventually.TrueAsync(() => host.Controller.Queue.Count == 0, "the queue drained");
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var writes = host.Requests.Writes;
        var reconciles = log.Total;

        await Task.Delay(TimeSpan.FromSeconds(10), Ct);

        host.Requests.Writes.Should().Be(writes, "a converged controller must not write");
        log.Total.Should().Be(reconciles);
        writes.Should().BeGreaterThanOrEqualTo(40, "each object got one annotation patch and one event");

        var text = await host.Http.GetStringAsync("/metrics", Ct);
        PrometheusText.Sample(text, "controller_runtime_reconcile_total", ("controller", host.ControllerName), ("result", "success")).Should().Be(reconciles);
        PrometheusText.Sample(text, "controller_runtime_reconcile_errors_total", ("controller", host.ControllerName)).Should().Be(0);
        PrometheusText.Sample(text, "controller_runtime_reconcile_time_seconds_count", ("controller", host.ControllerName)).Should().Be(reconciles);
        PrometheusText.Sample(text, "workqueue_adds_total", ("name", host.ControllerName)).Should().BeGreaterThanOrEqualTo(20);
        PrometheusText.Sample(text, "workqueue_depth", ("name", host.ControllerName)).Should().Be(0);
        PrometheusText.Sample(text, "workqueue_work_duration_seconds_count", ("name", host.ControllerName)).Should().Be(reconciles);
        PrometheusText.Sample(text, "workqueue_queue_duration_seconds_count", ("name", host.ControllerName)).Should().Be(reconciles);
        PrometheusText.Sample(text, "workqueue_retries_total", ("name", host.ControllerName)).Should().Be(0);
        (await host.Http.GetAsync("/readyz", Ct)).IsSuccessStatusCode.Should().BeTrue();

        var events = await writer.CoreV1.ListNamespacedEventAsync("default", cancellationToken: Ct);
        events.Items.Where(e => e.Reason == "Seen").Should().HaveCount(20);
    }
}
