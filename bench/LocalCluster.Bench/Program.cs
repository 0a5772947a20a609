using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster;
using DynamoMcp.LocalCluster.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: dotnet run -c Release --project bench/LocalCluster.Bench [-- creates concurrency]
var creates = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 4000;
var concurrency = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 32;
const int Watchers = 10;

var root = Directory.CreateTempSubdirectory("lc-bench-").FullName;
try
{
    // Floor: the same group-committed SQLite write behind a bare endpoint.
    var floorDir = Directory.CreateDirectory(Path.Combine(root, "floor")).FullName;
    await using var persistence = await SqlitePersistence.OpenAsync(floorDir, NullLogger.Instance, CancellationToken.None);
    long floorRevision = 0;
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    await using var floor = builder.Build();
    floor.MapPost("/api/v1/namespaces/{ns}/configmaps", async (HttpContext ctx, string ns) =>
    {
        var body = (await JsonNode.ParseAsync(ctx.Request.Body))!.AsObject();
        var name = body["metadata"]!["name"]!.GetValue<string>();
        var rv = Interlocked.Increment(ref floorRevision);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        await persistence.Enqueue(new PersistOperation("/configmaps", ns, name, rv, bytes));
        ctx.Response.StatusCode = 201;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(bytes);
    });
    await floor.StartAsync();
    var floorUri = new Uri(floor.Urls.First());

    await using var server = await LocalClusterServer.StartAsync(new LocalClusterOptions { DataDirectory = Path.Combine(root, "cluster") });

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { Timeout = TimeSpan.FromMinutes(5) };
    await CreateAllAsync(http, floorUri, "warm", 300, concurrency, null);
    await CreateAllAsync(http, server.BaseUri, "warm", 300, concurrency, null);

    var floorRate = await CreateAllAsync(http, floorUri, "floor", creates, concurrency, null);
    var clusterRate = await CreateAllAsync(http, server.BaseUri, "cluster", creates, concurrency, null);

    // Watch latency: 10 watchers, creates at a steady, moderate concurrency.
    var sent = new ConcurrentDictionary<string, long>();
    var latencies = new ConcurrentBag<double>();
    using var stop = new CancellationTokenSource();
    var rv = (await http.GetFromJsonNodeAsync(new Uri(server.BaseUri, "/api/v1/namespaces/default/configmaps?limit=1")))!["metadata"]!["resourceVersion"]!.GetValue<string>();
    var watchTasks = Enumerable.Range(0, Watchers).Select(_ => WatchAsync(http, server.BaseUri, rv, sent, latencies, stop.Token)).ToList();
    await Task.Delay(500);
    await CreateAllAsync(http, server.BaseUri, "watched", 1000, 4, sent);
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (latencies.Count < 1000 * Watchers && DateTime.UtcNow < deadline)
    {
        await Task.Delay(100);
    }
    await stop.CancelAsync();
    await Task.WhenAll(watchTasks);
    var sorted = latencies.OrderBy(x => x).ToArray();
    double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    Console.WriteLine($"creates: {creates} at concurrency {concurrency}, {Environment.ProcessorCount} cores, SQLite file (WAL)");
    Console.WriteLine($"floor (bare ASP.NET Core + same SQLite write): {floorRate,8:F0} creates/s");
    Console.WriteLine($"LocalCluster                                 : {clusterRate,8:F0} creates/s");
    Console.WriteLine($"ratio floor/LocalCluster                     : {floorRate / clusterRate,8:F2}x (target <= 3x; target >= 1500 creates/s)");
    Console.WriteLine($"watch latency, {Watchers} watchers, {sorted.Length} events: p50 {P(0.50):F2} ms, p99 {P(0.99):F2} ms (target p99 < 20 ms)");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static async Task<double> CreateAllAsync(HttpClient http, Uri baseUri, string prefix, int count, int concurrency, ConcurrentDictionary<string, long>? sent)
{
    var next = -1;
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var name = $"{prefix}-{i}";
            var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"bench":"{{{prefix}}}"}},"data":{"k":"value-{{{i}}}"}}""";
            sent?.TryAdd(name, Stopwatch.GetTimestamp());
            using var response = await http.PostAsync(new Uri(baseUri, "/api/v1/namespaces/default/configmaps"), new StringContent(body, Encoding.UTF8, "application/json"));
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"create {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }));
    return count / sw.Elapsed.TotalSeconds;
}

static async Task WatchAsync(HttpClient http, Uri baseUri, string rv, ConcurrentDictionary<string, long> sent, ConcurrentBag<double> latencies, CancellationToken ct)
{
    try
    {
        using var response = await http.GetAsync(new Uri(baseUri, $"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv}"), HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var now = Stopwatch.GetTimestamp();
            var name = JsonNode.Parse(line)!["object"]!["metadata"]!["name"]!.GetValue<string>();
            if (sent.TryGetValue(name, out var start))
            {
                latencies.Add(Stopwatch.GetElapsedTime(start, now).TotalMilliseconds);
            }
        }
    }
    catch (OperationCanceledException)
    {
    }
}

internal static class HttpJson
{
    public static async Task<JsonNode?> GetFromJsonNodeAsync(this HttpClient http, Uri uri) => JsonNode.Parse(await http.GetStringAsync(uri));
}
