using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Conformance;

public sealed class WatchTests
{
    private static async Task<List<(WatchEventType Type, V1ConfigMap Object)>> CollectAsync(Kubernetes client, string resourceVersion, int count,
        bool bookmarks = false, string? labelSelector = null, List<Exception>? errors = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        var events = new List<(WatchEventType, V1ConfigMap)>();
        var response = client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, resourceVersion: resourceVersion,
            allowWatchBookmarks: bookmarks, labelSelector: labelSelector, timeoutSeconds: 60, cancellationToken: cts.Token);
#pragma warning disable CS0618 // the typed watch helper is the only one taking onError
        await foreach (var (type, item) in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(onError: e => errors?.Add(e), cancellationToken: cts.Token))
#pragma warning restore CS0618
        {
            events.Add((type, item));
            if (events.Count == count)
            {
                break;
            }
        }
        return events;
    }

    [Fact]
    public async Task Watch_from_resource_version_sees_added_modified_deleted_in_order()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        var watching = CollectAsync(client, list.Metadata.ResourceVersion, 3);

        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("w"), "default", cancellationToken: Ct);
        cm.Data["k"] = "changed";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "w", "default", cancellationToken: Ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("w", "default", cancellationToken: Ct);

        var events = await watching;
        events.Select(e => e.Type).Should().Equal(WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted);
        events[1].Object.Data["k"].Should().Be("changed");
    }

    [Fact]
    public async Task Watch_replays_history_after_an_old_resource_version()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), "default", cancellationToken: Ct);

        var events = await CollectAsync(client, first.Metadata.ResourceVersion, 2);
        events.Select(e => e.Object.Metadata.Name).Should().Equal("b", "c");
    }

    [Fact]
    public async Task Watch_from_expired_version_gets_410_as_an_error_event()
    {
        await using var server = await StartAsync(new LocalClusterOptions { WatchHistorySize = 2 });
        var client = server.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        for (var i = 0; i < 5; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"n{i}"), "default", cancellationToken: Ct);
        }
        var errors = new List<Exception>();
        var events = await CollectAsync(client, first.Metadata.ResourceVersion, 1, errors: errors);
        events.Should().BeEmpty();
        errors.Should().ContainSingle().Which.Should().BeOfType<KubernetesException>()
            .Which.Status.Code.Should().Be(410);
    }

    [Fact]
    public async Task Bookmarks_arrive_when_asked_for()
    {
        await using var server = await StartAsync(new LocalClusterOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        var client = server.CreateClient();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        var events = await CollectAsync(client, list.Metadata.ResourceVersion, 1, bookmarks: true);
        events.Should().ContainSingle().Which.Type.Should().Be(WatchEventType.Bookmark);
        long.Parse(events[0].Object.Metadata.ResourceVersion).Should().BeGreaterThanOrEqualTo(long.Parse(list.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Label_selector_watch_turns_leaving_objects_into_deleted()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        var watching = CollectAsync(client, list.Metadata.ResourceVersion, 2, labelSelector: "tier=web");

        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other", new Dictionary<string, string> { ["tier"] = "db" }), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("web", new Dictionary<string, string> { ["tier"] = "web" }), "default", cancellationToken: Ct);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"tier":"db"}}}""", V1Patch.PatchType.MergePatch), "web", "default", cancellationToken: Ct);

        var events = await watching;
        events.Select(e => (e.Type, e.Object.Metadata.Name)).Should().Equal((WatchEventType.Added, "web"), (WatchEventType.Deleted, "web"));
    }

    [Fact]
    public async Task Timeout_seconds_ends_the_stream()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        await server.CreateClient().CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);

        // KubernetesClient's watch helper throws on a stream that ends before its first line, so read the raw stream.
        var body = await http.GetStringAsync("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1", Ct);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle();
        JsonDocument.Parse(lines[0]).RootElement.GetProperty("type").GetString().Should().Be("ADDED");
    }
}
