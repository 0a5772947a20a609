using System.Globalization;
using DynamoMcp.McpServer.Bench;
using DynamoMcp.Mcp.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// Side by side in one run: server-everything started directly and its tools listed (the floor), and an McpServer of
// the same server from create to Ready with its tools discovered, in local mode. Target (issue #12): system ≤ 1.5 × floor + 500 ms.
var options = BenchCommandLine.Parse(args);
if (options.Help || options.Error is not null)
{
    if (options.Error is not null)
    {
        Console.Error.WriteLine($"error: {options.Error}");
    }

    (options.Error is null ? Console.Out : Console.Error).WriteLine(BenchCommandLine.Usage);
    return options.Error is null ? 0 : 2;
}

var repoRoot = FindRepoRoot();
string? missing = !File.Exists("/usr/bin/bwrap") ? "bubblewrap (/usr/bin/bwrap) is not installed: apt-get install bubblewrap"
    : !File.Exists(ServerEverything.Node) ? $"{ServerEverything.Node} is missing: install Node.js"
    : null;
try
{
    _ = ServerEverything.EntryScript(repoRoot);
}
catch (InvalidOperationException e)
{
    missing ??= e.Message;
}

if (missing is not null)
{
    Console.Error.WriteLine($"error: {missing}");
    return 3;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var ct = stop.Token;
using var loggerFactory = options.Verbose
    ? LoggerFactory.Create(b => b
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ")
        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
        .AddFilter(l => l >= LogLevel.Information))
    : NullLoggerFactory.Instance;
var probe = new McpServerProbe();

Console.WriteLine("Setting up: LocalCluster (local kubelet, bubblewrap), CRDs and the operator in-process ...");
await using var cluster = await BenchCluster.StartAsync(repoRoot, loggerFactory, ct);

var floor = new List<double>();
var system = new List<SystemTimeline>();
var tools = (Floor: 0, System: 0);
for (var i = -options.Warmup; i < options.Iterations; i++)
{
    var warm = i < 0;
    var label = warm ? $"warm-up {i + options.Warmup + 1}" : $"run {i + 1}";
    var (elapsed, floorTools) = await DirectServer.MeasureAsync(repoRoot, probe, ct);
    var name = warm ? $"everything-warmup-{i + options.Warmup}" : $"everything-{i}";
    var timeline = await SystemServer.MeasureAsync(cluster, name, ct);
    await SystemServer.DeleteAsync(cluster, name, ct);
    Console.WriteLine($"{label,-10} floor {elapsed.TotalMilliseconds,6:F0} ms ({floorTools} tools)   system {timeline.Ready.TotalMilliseconds,6:F0} ms ({timeline.Tools} tools)   " +
        $"[pod {Ms(timeline.PodCreated)}, running {Ms(timeline.PodRunning)}, pod Ready {Ms(timeline.PodReady)}, Deployment ready {Ms(timeline.DeploymentReady)}]");
    if (!warm)
    {
        floor.Add(elapsed.TotalMilliseconds);
        system.Add(timeline);
        tools = (floorTools, timeline.Tools);
    }
}

var f = new Percentiles(floor);
var s = new Percentiles(system.Select(t => t.Ready.TotalMilliseconds));
var target = 1.5 * f.Median + 500;
var pass = s.Median <= target;
Console.WriteLine();
Console.WriteLine($"iterations: {options.Iterations} of each side (after {options.Warmup} warm-up), alternating");
Console.WriteLine($"floor   node directly → tools listed ({tools.Floor} tools)        median {f.Median,6:F0} ms   p90 {f.P90,6:F0} ms");
Console.WriteLine($"system  McpServer create → Ready ({tools.System} tools discovered)  median {s.Median,6:F0} ms   p90 {s.P90,6:F0} ms");
Console.WriteLine($"ratio   system / floor: median {s.Median / f.Median:F2}x, p90 {s.P90 / f.P90:F2}x");
Console.WriteLine($"where the system's time goes (medians, ms after create; each seen up to one 20 ms poll late): pod created {Median(t => t.PodCreated)}, " +
    $"container running {Median(t => t.PodRunning)}, pod Ready {Median(t => t.PodReady)}, Deployment readyReplicas {Median(t => t.DeploymentReady)}, McpServer Ready {s.Median:F0}");
Console.WriteLine($"target  system median ≤ 1.5 × floor median + 500 ms = {target:F0} ms: {(pass ? "PASS" : "FAIL")}");
return 0;

string Median(Func<SystemTimeline, TimeSpan?> step)
{
    var seen = system.Select(step).Where(t => t is not null).Select(t => t!.Value.TotalMilliseconds).ToList();
    return seen.Count == 0 ? "?" : new Percentiles(seen).Median.ToString("F0", CultureInfo.InvariantCulture);
}

static string Ms(TimeSpan? t) => t is null ? "?" : t.Value.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from a checkout of the repository (no Operator.sln found).");
}
