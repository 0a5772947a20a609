// Usage: dotnet run -c Release --project bench/McpBridge.Bench [-- --calls 2000 --clients 50 --seconds 10 --templates 20 --stateless --no-auth]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DynamoMcp.McpBridge.Bench;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Client;

var calls = Option("--calls", 2000);
var clients = Option("--clients", 50);
var seconds = Option("--seconds", 10);
var templates = Option("--templates", 20);
var stateless = args.Contains("--stateless");
var auth = !args.Contains("--no-auth");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var ct = stop.Token;

Console.WriteLine($"Setting up: LocalCluster in memory, {templates} Ready templates, bridge ({(stateless ? "stateless" : "stateful")}, {(auth ? "API key auth" : "no auth")}, no rate limit) and a bare SDK server ...");
await using var cluster = await BenchCluster.StartAsync(templates, stateless, auth, ct);
var bridge = new BenchTarget("bridge list_templates", cluster.Bridge.McpEndpoint, "list_templates", new Dictionary<string, object?>());
TemplateListResult payload;
await using (var check = await bridge.ConnectAsync(ct))
{
    var listed = await check.CallToolAsync("list_templates", cancellationToken: ct);
    payload = listed.StructuredContent!.Value.Deserialize<TemplateListResult>(McpJsonUtilities.DefaultOptions)!;
    if (payload.Templates.Count != templates)
    {
        throw new InvalidOperationException($"list_templates returned {payload.Templates.Count} templates, expected {templates}.");
    }
}

await using var bare = await BareServer.StartAsync(stateless, payload, ct);
var baseline = new BenchTarget("bare constant tool", bare.Endpoint, "constant", new Dictionary<string, object?>());
var samePayload = new BenchTarget("bare same payload", bare.Endpoint, "same_payload", new Dictionary<string, object?>());

// Latency: one client per side, sequential calls, the two sides interleaved in blocks so drift hits both alike.
var samples = new Dictionary<BenchTarget, List<TimeSpan>> { [bridge] = [], [baseline] = [], [samePayload] = [] };
var sequential = new Dictionary<BenchTarget, McpClient>();
foreach (var target in samples.Keys)
{
    sequential[target] = await target.ConnectAsync(ct);
    for (var i = 0; i < Math.Min(300, calls); i++)
    {
        await target.CallAsync(sequential[target], ct);
    }
}

const int Block = 100;
for (var done = 0; done < calls; done += Block)
{
    foreach (var (target, list) in samples)
    {
        for (var i = 0; i < Math.Min(Block, calls - done); i++)
        {
            var started = Stopwatch.GetTimestamp();
            await target.CallAsync(sequential[target], ct);
            list.Add(Stopwatch.GetElapsedTime(started));
        }
    }
}

foreach (var client in sequential.Values)
{
    await client.DisposeAsync();
}

// Throughput: N concurrent clients (one MCP session each) calling in a loop for a fixed time.
var throughput = new Dictionary<BenchTarget, double>();
foreach (var target in new[] { bridge, baseline, samePayload })
{
    throughput[target] = await MeasureThroughputAsync(target, clients, TimeSpan.FromSeconds(seconds), ct);
}

var bridgeStats = new LatencyStats(samples[bridge]);
var bareStats = new LatencyStats(samples[baseline]);
Console.WriteLine();
Console.WriteLine($"Latency, {calls} sequential calls per side, one client each (Streamable HTTP, {(stateless ? "stateless" : "stateful")}):");
Console.WriteLine($"| {"",-24} | {"p50 ms",8} | {"p99 ms",8} | {"mean ms",8} |");
Console.WriteLine($"|{new string('-', 26)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|");
Row(bridge.Label, bridgeStats);
Row(baseline.Label, bareStats);
Row(samePayload.Label, new LatencyStats(samples[samePayload]));
Console.WriteLine($"| {"ratio bridge / bare",-24} | {Ratio(bridgeStats.Percentile(0.5), bareStats.Percentile(0.5)),8} | {Ratio(bridgeStats.Percentile(0.99), bareStats.Percentile(0.99)),8} | {Ratio(bridgeStats.Mean, bareStats.Mean),8} |");
Console.WriteLine();
Console.WriteLine($"Throughput, {clients} concurrent clients for {seconds} s:");
Console.WriteLine($"| {"",-24} | {"calls/s",8} |");
Console.WriteLine($"|{new string('-', 26)}|{new string('-', 10)}|");
Console.WriteLine($"| {bridge.Label,-24} | {throughput[bridge],8:0} |");
Console.WriteLine($"| {baseline.Label,-24} | {throughput[baseline],8:0} |");
Console.WriteLine($"| {samePayload.Label,-24} | {throughput[samePayload],8:0} |");
Console.WriteLine($"| {"ratio bridge / bare",-24} | {throughput[bridge] / throughput[baseline],8:0.00} |");
var sameStats = new LatencyStats(samples[samePayload]);
var p50Ratio = bridgeStats.Percentile(0.5).TotalMilliseconds / bareStats.Percentile(0.5).TotalMilliseconds;
var ownRatio = bridgeStats.Percentile(0.5).TotalMilliseconds / sameStats.Percentile(0.5).TotalMilliseconds;
Console.WriteLine();
Console.WriteLine(p50Ratio <= 1.5
    ? $"p50 bridge / bare constant = {p50Ratio:0.00}: within the 1.5x target."
    : $"p50 bridge / bare constant = {p50Ratio:0.00}: MISSES the 1.5x target.");
Console.WriteLine($"p50 bridge / bare same payload = {ownRatio:0.00}: what the bridge adds over the SDK returning the same {templates}-template answer.");
return 0;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static void Row(string label, LatencyStats stats) =>
    Console.WriteLine($"| {label,-24} | {stats.Percentile(0.5).TotalMilliseconds,8:0.000} | {stats.Percentile(0.99).TotalMilliseconds,8:0.000} | {stats.Mean.TotalMilliseconds,8:0.000} |");

static string Ratio(TimeSpan a, TimeSpan b) => (a.TotalMilliseconds / b.TotalMilliseconds).ToString("0.00", CultureInfo.InvariantCulture);

static async Task<double> MeasureThroughputAsync(BenchTarget target, int clients, TimeSpan duration, CancellationToken ct)
{
    var connected = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => target.ConnectAsync(ct)));
    try
    {
        // Warm every session first so connection set-up is not counted.
        await Task.WhenAll(connected.Select(c => target.CallAsync(c, ct)));
        long completed = 0;
        var measuring = Stopwatch.StartNew();
        await Task.WhenAll(connected.Select(async client =>
        {
            while (measuring.Elapsed < duration)
            {
                await target.CallAsync(client, ct);
                Interlocked.Increment(ref completed);
            }
        }));
        return completed / measuring.Elapsed.TotalSeconds;
    }
    finally
    {
        foreach (var client in connected)
        {
            await client.DisposeAsync();
        }
    }
}
