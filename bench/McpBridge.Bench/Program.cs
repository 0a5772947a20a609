// Usage: dotnet run -c Release --project bench/McpBridge.Bench [-- --templates 1,5,20 --calls 5000 --warmup 3000 --clients 50 --seconds 10 --stateless --no-auth]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DynamoMcp.McpBridge.Bench;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Client;

const double Target = 1.5;
var calls = Option("--calls", 5000);
var warmup = Option("--warmup", 3000);
var clients = Option("--clients", 50);
var seconds = Option("--seconds", 10);
int[] counts = [.. (OptionText("--templates") ?? "1,5,20").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).Order()];
var stateless = args.Contains("--stateless");
// A stateful run measures session clients (2025-11-25); a stateless one the SDK's default, sessionless 2026-07-28.
var protocol = stateless ? null : "2025-11-25";
var auth = !args.Contains("--no-auth");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var ct = stop.Token;

Console.WriteLine($"Setting up: LocalCluster in memory, namespaces with {string.Join(" / ", counts)} Ready templates, bridge ({(stateless ? "stateless" : "stateful")}, {(auth ? "API key auth" : "no auth")}, no rate limit) and a bare SDK server ...");
await using var cluster = await BenchCluster.StartAsync(counts, stateless, auth, ct);

// The bridge's answer per namespace, checked, becomes the constant the bare same-answer tool returns.
// Without auth every caller is the bridge's default identity, so the namespace is named in the call instead.
var bridges = counts.ToDictionary(n => n, n => new BenchTarget(
    $"bridge list_templates ({n})",
    cluster.Bridge.McpEndpoint,
    "list_templates",
    BenchCluster.ApiKeyFor(n),
    auth ? null : new Dictionary<string, object?> { ["namespace"] = BenchCluster.NamespaceFor(n) }) { ProtocolVersion = protocol });
var answers = new Dictionary<int, TemplateListResult>();
var answerBytes = new Dictionary<int, int>();
foreach (var n in counts)
{
    await using var check = await bridges[n].ConnectAsync(ct);
    var listed = await check.CallToolAsync("list_templates", bridges[n].Arguments, cancellationToken: ct);
    answers[n] = listed.StructuredContent!.Value.Deserialize<TemplateListResult>(McpJsonUtilities.DefaultOptions)!;
    answerBytes[n] = JsonSerializer.SerializeToUtf8Bytes(listed, McpJsonUtilities.DefaultOptions).Length;
    if (answers[n].Templates.Count != n)
    {
        throw new InvalidOperationException($"list_templates returned {answers[n].Templates.Count} templates in {BenchCluster.NamespaceFor(n)}, expected {n}.");
    }
}

await using var bare = await BareServer.StartAsync(stateless, answers, ct);
var constant = new BenchTarget("bare constant tool", bare.Endpoint, "constant", BenchCluster.ApiKeyFor(counts[0])) { ProtocolVersion = protocol };
var same = counts.ToDictionary(n => n, n => new BenchTarget($"bare same answer ({n})", bare.Endpoint, SamePayloadTool.NameFor(n), BenchCluster.ApiKeyFor(n)) { ProtocolVersion = protocol });
BenchTarget[] targets = [constant, .. counts.SelectMany(n => new[] { bridges[n], same[n] })];

// Latency: one client per target, sequential calls. Every target is warmed past tiered JIT first, then the targets
// take turns in blocks of 100 calls so machine drift hits all of them alike.
var samples = targets.ToDictionary(t => t, _ => new List<TimeSpan>());
var sequential = new Dictionary<BenchTarget, McpClient>();
foreach (var target in targets)
{
    sequential[target] = await target.ConnectAsync(ct);
    for (var i = 0; i < warmup; i++)
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

var stats = samples.ToDictionary(s => s.Key, s => new LatencyStats(s.Value));
var constantP50 = stats[constant].Percentile(0.5).TotalMilliseconds;
Console.WriteLine();
Console.WriteLine($"Latency, {calls} sequential calls per target after {warmup} warm-up calls, one client each (Streamable HTTP, {(stateless ? "stateless, protocol 2026-07-28" : "stateful, protocol 2025-11-25")}):");
Console.WriteLine($"| {"",-28} | {"answer B",8} | {"p50 ms",8} | {"p99 ms",8} | {"mean ms",8} | {"p50 / same",10} | {"p50 / const",11} |");
Console.WriteLine($"|{new string('-', 30)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 12)}|{new string('-', 13)}|");
Row(constant, null, null);
foreach (var n in counts)
{
    Row(same[n], answerBytes[n], null);
    Row(bridges[n], answerBytes[n], same[n]);
}

// Throughput: N concurrent clients (one MCP session each) calling in a loop for a fixed time, at the largest count.
var largest = counts[^1];
var throughput = new Dictionary<BenchTarget, double>();
foreach (var target in new[] { bridges[largest], same[largest], constant })
{
    throughput[target] = await MeasureThroughputAsync(target, clients, TimeSpan.FromSeconds(seconds), ct);
}

Console.WriteLine();
Console.WriteLine($"Throughput, {clients} concurrent clients for {seconds} s:");
Console.WriteLine($"| {"",-28} | {"calls/s",8} | {"vs bridge",9} |");
Console.WriteLine($"|{new string('-', 30)}|{new string('-', 10)}|{new string('-', 11)}|");
foreach (var (target, rate) in throughput)
{
    Console.WriteLine($"| {target.Label,-28} | {rate,8:0} | {rate / throughput[bridges[largest]],8:0.00}x |");
}

Console.WriteLine();
Console.WriteLine($"Target: list_templates p50 within {Target}x of a bare SDK tool returning the same answer as a constant.");
var met = true;
foreach (var n in counts)
{
    var ratio = P50(bridges[n]) / P50(same[n]);
    met &= ratio <= Target;
    Console.WriteLine($"  {n,3} templates ({answerBytes[n],6} B answer): bridge / same-answer constant = {ratio:0.00}x {(ratio <= Target ? "(met)" : "(MISSED)")}; " +
        $"bridge / tiny constant = {P50(bridges[n]) / constantP50:0.00}x, of which the answer's size alone = {P50(same[n]) / constantP50:0.00}x");
}

Console.WriteLine(met ? "Target met at every size." : "Target MISSED.");
return met ? 0 : 1;

double P50(BenchTarget target) => stats[target].Percentile(0.5).TotalMilliseconds;

void Row(BenchTarget target, int? bytes, BenchTarget? sameAnswer)
{
    var s = stats[target];
    var vsSame = sameAnswer is null ? "" : (P50(target) / P50(sameAnswer)).ToString("0.00", CultureInfo.InvariantCulture) + "x";
    Console.WriteLine(
        $"| {target.Label,-28} | {(bytes is null ? "" : bytes.Value.ToString(CultureInfo.InvariantCulture)),8} | {s.Percentile(0.5).TotalMilliseconds,8:0.000} | " +
        $"{s.Percentile(0.99).TotalMilliseconds,8:0.000} | {s.Mean.TotalMilliseconds,8:0.000} | {vsSame,10} | {P50(target) / constantP50,10:0.00}x |");
}

int Option(string name, int fallback) =>
    OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

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
