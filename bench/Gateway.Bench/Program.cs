using System.Diagnostics;
using System.Runtime.InteropServices;
using DynamoMcp;
using DynamoMcp.Gateway.Bench;
using DynamoMcp.Mcp.Gateway;
using DynamoMcp.McpBridge.Bench;
using DynamoMcp.McpServer.Bench;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

// Side by side in one run: server-everything's echo called directly, through the gateway's /mcp (<server>__echo) and
// through the per-server endpoint. Targets (gateway issue): p50 ≤ 1.2 × direct p50 + 0.5 ms; throughput ≥ 80 % of direct.
const string Protocol = "2025-11-25";
const int Block = 100;
var turn = TimeSpan.FromSeconds(2);
var options = BenchCommandLine.Parse(args);
if (options.WriteHelpOrError() is { } exitCode)
{
    return exitCode;
}

var repoRoot = RepositoryRoot.Find();
if (EverythingProcess.Missing(repoRoot) is { } missing)
{
    Console.Error.WriteLine($"error: {missing}");
    return 3;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var ct = stop.Token;
void Verbose(ILoggingBuilder b) => b
    .AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ")
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
    .AddFilter(l => l >= LogLevel.Information);
using var loggerFactory = options.Verbose ? LoggerFactory.Create(Verbose) : NullLoggerFactory.Instance;
var logger = loggerFactory.CreateLogger("Gateway.Bench");

Console.WriteLine("Setting up: server-everything (node, Streamable HTTP), LocalCluster in memory with the CRDs, the bridge (stateful, API key auth, no rate limit) and a Ready McpServer of the server ...");
await using var everything = await EverythingProcess.StartAsync(repoRoot, ct);
int[] none = [0];
await using var cluster = await BenchCluster.StartAsync(none, stateless: false, auth: true, ct, options.Verbose ? Verbose : null);
var ns = BenchCluster.NamespaceFor(0);
var apiKey = BenchCluster.ApiKeyFor(0);
var description = await GatewayServer.CreateReadyAsync(cluster.Cluster.CreateClient(), ns, everything.Endpoint, logger, ct);

var message = new Dictionary<string, object?> { ["message"] = "gateway bench" };
var gatewayTool = GatewayToolName.Compose(GatewayServer.Name, "echo");
var direct = new BenchTarget("direct", everything.Endpoint, "echo", apiKey, message) { ProtocolVersion = Protocol };
var gateway = new BenchTarget("gateway /mcp", cluster.Bridge.McpEndpoint, gatewayTool, apiKey, message) { ProtocolVersion = Protocol };
var perServer = new BenchTarget("per-server endpoint", new Uri(cluster.Bridge.BaseAddress, $"/servers/{ns}/{GatewayServer.Name}/mcp"), "echo", apiKey, message) { ProtocolVersion = Protocol };
BenchTarget[] targets = [direct, gateway, perServer];
await GatewayServer.WaitUntilOfferedAsync(gateway, gatewayTool, perServer, "echo", logger, ct);

Console.WriteLine();
Console.WriteLine($"Gateway.Bench: tools/call '{gatewayTool}' / 'echo' of {description.ServerName} {description.ServerVersion} (npm @modelcontextprotocol/server-everything {EverythingProcess.PackageVersion(repoRoot)}, node {NodeVersion()}) — direct vs the bridge's /mcp vs /servers/{ns}/{GatewayServer.Name}/mcp");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; " +
    $"client: ModelContextProtocol {typeof(McpClient).Assembly.GetName().Version?.ToString(3)} over Streamable HTTP, protocol {Protocol} (a session per client); bridge: in-process, stateful, API key auth, rate limit off");

// Latency: one client per path, sequential calls; warmed past tiered JIT, then the paths take turns in blocks.
var samples = targets.ToDictionary(t => t, _ => new List<TimeSpan>());
var sequential = new Dictionary<BenchTarget, McpClient>();
foreach (var target in targets)
{
    sequential[target] = await target.ConnectAsync(ct);
}

for (var done = 0; done < options.Warmup; done += Block)
{
    foreach (var target in targets)
    {
        for (var i = 0; i < Math.Min(Block, options.Warmup - done); i++)
        {
            await target.CallAsync(sequential[target], ct);
        }
    }
}

for (var done = 0; done < options.Calls; done += Block)
{
    foreach (var (target, list) in samples)
    {
        for (var i = 0; i < Math.Min(Block, options.Calls - done); i++)
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

// Throughput: the clients of every path stay connected; the paths take turns of 2 s (one unmeasured turn each first).
var concurrent = new List<ConcurrentClients>();
foreach (var target in targets)
{
    concurrent.Add(await ConcurrentClients.ConnectAsync(target, options.Clients, () => everything.CpuTime, ct));
}

var turns = (int)Math.Ceiling(options.Seconds / turn.TotalSeconds);
for (var t = -1; t < turns; t++)
{
    foreach (var clients in concurrent)
    {
        await clients.TurnAsync(t == turns - 1 ? TimeSpan.FromSeconds(options.Seconds) - (turns - 1) * turn : turn, warmUp: t < 0, ct);
    }
}

var rates = concurrent.ToDictionary(c => c.Target, c => c.CallsPerSecond);

var stats = samples.ToDictionary(s => s.Key, s => new LatencyStats(s.Value));
var directP50 = Ms(stats[direct], 0.5);
var latencyTarget = 1.2 * directP50 + 0.5;
var allPass = true;
Console.WriteLine();
Console.WriteLine($"Latency: {options.Calls} sequential calls per path after {options.Warmup} warm-up calls, one client each, paths alternating in blocks of {Block}:");
Console.WriteLine($"| {"path",-20} | {"p50 ms",8} | {"p90 ms",8} | {"p99 ms",8} | {"mean ms",8} | {"p50 vs direct",13} | {"target p50 ms",13} | {"",4} |");
Console.WriteLine($"|{new string('-', 22)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 15)}|{new string('-', 15)}|{new string('-', 6)}|");
foreach (var target in targets)
{
    var s = stats[target];
    var proxied = target != direct;
    var pass = Ms(s, 0.5) <= latencyTarget;
    allPass &= !proxied || pass;
    Console.WriteLine($"| {target.Label,-20} | {Ms(s, 0.5),8:0.000} | {Ms(s, 0.9),8:0.000} | {Ms(s, 0.99),8:0.000} | {s.Mean.TotalMilliseconds,8:0.000} | " +
        $"{(proxied ? $"+{Ms(s, 0.5) - directP50:0.000} ms" : ""),13} | {(proxied ? $"≤ {latencyTarget:0.000}" : ""),13} | {(proxied ? pass ? "PASS" : "FAIL" : ""),4} |");
}

var throughputTarget = 0.8 * rates[direct];
Console.WriteLine();
Console.WriteLine($"Throughput: {options.Clients} concurrent clients per path (a session each), {options.Seconds} s per path in turns of {turn.TotalSeconds:0} s after one unmeasured turn:");
Console.WriteLine($"| {"path",-20} | {"calls/s",8} | {"vs direct",9} | {"target calls/s",14} | {"",4} |");
Console.WriteLine($"|{new string('-', 22)}|{new string('-', 10)}|{new string('-', 11)}|{new string('-', 16)}|{new string('-', 6)}|");
foreach (var target in targets)
{
    var proxied = target != direct;
    var pass = rates[target] >= throughputTarget;
    allPass &= !proxied || pass;
    Console.WriteLine($"| {target.Label,-20} | {rates[target],8:0} | {rates[target] / rates[direct] * 100,7:0} % | {(proxied ? $"≥ {throughputTarget:0}" : ""),14} | {(proxied ? pass ? "PASS" : "FAIL" : ""),4} |");
}

Console.WriteLine();
Console.WriteLine("Where the throughput runs' CPU went (µs per call; this process holds the clients, the bridge and LocalCluster):");
Console.WriteLine($"| {"path",-20} | {"this process",12} | {"node",8} | {"both",8} | {"machine busy",12} |");
Console.WriteLine($"|{new string('-', 22)}|{new string('-', 14)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 14)}|");
foreach (var c in concurrent)
{
    Console.WriteLine($"| {c.Target.Label,-20} | {c.OwnCpuPerCall,12:0} | {c.ServerCpuPerCall,8:0} | {c.OwnCpuPerCall + c.ServerCpuPerCall,8:0} | {c.MachineBusy * 100,10:0} % |");
}

foreach (var clients in concurrent)
{
    await clients.DisposeAsync();
}

Console.WriteLine();
Console.WriteLine($"Targets: p50 ≤ 1.2 × direct p50 + 0.5 ms = {latencyTarget:0.000} ms; {options.Clients}-client throughput ≥ 80 % of direct = {throughputTarget:0} calls/s: " +
    (allPass ? "all PASS" : "FAIL"));
return allPass ? 0 : 1;

static double Ms(LatencyStats stats, double p) => stats.Percentile(p).TotalMilliseconds;

static string NodeVersion()
{
    using var node = Process.Start(new ProcessStartInfo(ServerEverything.Node, "--version") { RedirectStandardOutput = true, UseShellExecute = false });
    var version = node?.StandardOutput.ReadToEnd().Trim();
    node?.WaitForExit();
    return string.IsNullOrEmpty(version) ? "?" : version;
}
