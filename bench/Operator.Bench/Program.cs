using System.Diagnostics;
using DynamoMcp.LocalCluster;
using DynamoMcp.Operator.Bench;
using DynamoMcp.Runtime.Hosting;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// Side by side in one run: a raw create loop (the floor), the same creates with the runtime reconciling them,
// and the managed memory one cached object costs.
var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
const int Concurrency = 16;

await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance);
using var writer = cluster.CreateClient();

static V1ConfigMap ConfigMap(string ns, string name) => new()
{
    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = "bench" } },
    Data = new Dictionary<string, string> { ["value"] = name },
};

async Task<TimeSpan> CreateAllAsync(string ns, Action<string>? beforeCreate)
{
    await writer.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
    using var gate = new SemaphoreSlim(Concurrency);
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            var name = $"cm-{i:D5}";
            beforeCreate?.Invoke(name);
            await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, name), ns);
        }
        finally
        {
            gate.Release();
        }
    }));
    return stopwatch.Elapsed;
}

// Warm-up so JIT and SQLite caches do not count against either side.
await CreateAllAsync("warmup", null);

var floor = await CreateAllAsync("floor", null);

var recorder = new FirstReconcileRecorder();
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddSingleton<IKubernetes>(cluster.CreateClient());
builder.Services.AddSingleton(recorder);
builder.Services.AddControllerRuntime(o => o.Namespaces = ["runtime-warmup", "runtime"]);
builder.Services.AddController<V1ConfigMap, NoOpConfigMapController>(c => c.Named("bench").WithWorkers(4));
using var host = builder.Build();
await host.StartAsync();
await host.Services.GetRequiredService<InformerRegistry>().WaitForSyncAsync(CancellationToken.None);

// Warm the runtime's own paths (watch decoding, queue, workers) the same way, then forget those objects.
await CreateAllAsync("runtime-warmup", null);
while (recorder.FirstReconciled.Count < count)
{
    await Task.Delay(5);
}

recorder.FirstReconciled.Clear();

var total = Stopwatch.StartNew();
var createTime = await CreateAllAsync("runtime", name => recorder.Created[name] = Stopwatch.GetTimestamp());
while (recorder.FirstReconciled.Count < count)
{
    await Task.Delay(5);
}

var withRuntime = total.Elapsed;
await host.StopAsync();

var latencies = recorder.Created
    .Select(c => Stopwatch.GetElapsedTime(c.Value, recorder.FirstReconciled[c.Key]).TotalMilliseconds)
    .Order()
    .ToArray();
double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];

// Memory: fill a cache with small objects parsed from JSON, as a list response would be.
const int cached = 20_000;
var json = KubernetesJson.Serialize(ConfigMap("mem", "cm-00000") with
{
    Metadata = new V1ObjectMeta
    {
        Name = "cm-00000",
        NamespaceProperty = "mem",
        Uid = Guid.NewGuid().ToString(),
        ResourceVersion = "123456",
        CreationTimestamp = DateTime.UtcNow,
        Labels = new Dictionary<string, string> { ["app"] = "bench" },
    },
});
var before = GC.GetTotalMemory(forceFullCollection: true);
var cache = new InformerCache<V1ConfigMap>();
for (var i = 0; i < cached; i++)
{
    var obj = KubernetesJson.Deserialize<V1ConfigMap>(json);
    obj.Metadata.Name = $"cm-{i:D5}";
    obj.Metadata.Uid = Guid.NewGuid().ToString();
    cache.Upsert(obj);
}

var after = GC.GetTotalMemory(forceFullCollection: true);
GC.KeepAlive(cache);

Console.WriteLine($"objects: {count}, create concurrency: {Concurrency}, workers: 4");
Console.WriteLine($"floor (raw creates):        {floor.TotalSeconds,7:F2} s  {count / floor.TotalSeconds,8:F0} obj/s");
Console.WriteLine($"runtime (create→reconciled): {withRuntime.TotalSeconds,7:F2} s  {count / withRuntime.TotalSeconds,8:F0} obj/s  (creates alone {createTime.TotalSeconds:F2} s)");
Console.WriteLine($"throughput ratio floor/runtime: {withRuntime / floor:F2}x (target < 1.5x)");
Console.WriteLine($"create→first reconcile: p50 {Percentile(0.50):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms (target p99 < 50 ms)");
Console.WriteLine($"cache memory: {(after - before) / (double)cached:F0} B per small ConfigMap over {cached} objects (target < 5120 B), json {json.Length} B");
