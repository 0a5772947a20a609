using System.Globalization;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Workflow.Bench;
using k8s.Models;

// Side by side in one run, through the real operator on LocalCluster: 100 no-op container steps one after another
// (dependsOn chain) and 100 at once (forEach), each against its floor: the same Jobs (built by the operator's own
// builder) created directly, one after another or all at once. Completion is learnt from a watch on both sides.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
const int Steps = 100;
// spec.steps holds at most 64 steps (WorkflowSpec, maxItems 64), so the 100-step chain is two runs of 50 dependsOn
// steps, the second created as soon as the first finished: 100 Jobs one after another, like the floor's.
const int ChainRunSteps = 50;
const double TargetMs = 50;
var wf = BenchCluster.WorkflowNamespace;
var floor = BenchCluster.FloorNamespace;
var parallelPods = Math.Max(2, Environment.ProcessorCount);
var clock = new BenchClock();

await using var cluster = await BenchCluster.StartAsync(parallelPods);
static bool JobFinished(V1Job j) => j.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is "Complete" or "Failed") == true;
static bool JobSucceeded(V1Job j) => j.Status?.Conditions?.Any(c => c.Status == "True" && c.Type == "Complete") == true;
await using var wfJobs = await ObjectWatch<V1Job>.StartAsync(cluster.Client, wf, JobFinished, clock);
await using var floorJobs = await ObjectWatch<V1Job>.StartAsync(cluster.Client, floor, JobFinished, clock);
await using var runWatch = await ObjectWatch<WorkflowRun>.StartAsync(cluster.Client, wf, r => r.Status?.Phase is WorkflowRunPhase.Succeeded or WorkflowRunPhase.Failed, clock);
var workflows = new ResourceClient<DynamoMcp.Api.V1Alpha1.Workflow>(cluster.Client);
var runs = new ResourceClient<WorkflowRun>(cluster.Client);
var jobs = new ResourceClient<V1Job>(cluster.Client);

static string ListOf(int count) => "${{ [" + string.Join(", ", Enumerable.Range(0, count)) + "] }}";
static IEnumerable<WorkflowStep> Chain(int count, string prefix) =>
    Enumerable.Range(0, count).Select(i => NoopStep.Step($"{prefix}{i:D2}", i == 0 ? null : $"{prefix}{i - 1:D2}"));
var specs = new Dictionary<string, WorkflowSpec>
{
    ["chain"] = new() { Steps = [.. Chain(ChainRunSteps, "s")] },
    ["fan"] = new() { Steps = [NoopStep.Step("fan", forEach: ListOf(Steps))] },
    ["warmup"] = new() { Steps = [.. Chain(5, "w"), NoopStep.Step("fan", dependsOn: "w04", forEach: ListOf(10))] },
};
foreach (var (name, spec) in specs)
{
    await workflows.CreateAsync(new DynamoMcp.Api.V1Alpha1.Workflow { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = wf }, Spec = spec }, CancellationToken.None);
}

foreach (var name in specs.Keys)
{
    while ((await workflows.GetAsync(new ObjectKey(wf, name), CancellationToken.None))?.Status?.Conditions.IsTrue(ConditionTypes.Ready) != true)
    {
        await Task.Delay(20);
    }
}

var failures = new List<string>();

async Task<double> FloorChainAsync(string tag)
{
    var start = clock.NowMs;
    for (var i = 0; i < Steps; i++)
    {
        var name = $"{tag}-{i:D3}";
        await jobs.CreateAsync(NoopStep.FloorJob(floor, name, null, cluster.Sandbox), CancellationToken.None);
        if (!JobSucceeded(await floorJobs.FinishedAsync(name)))
        {
            failures.Add($"floor Job {name} failed");
        }
    }

    return clock.NowMs - start;
}

async Task<double> FloorFanAsync(string tag, int count = Steps)
{
    var start = clock.NowMs;
    var names = Enumerable.Range(0, count).Select(i => $"{tag}-{i:D3}").ToList();
    await Task.WhenAll(names.Select((n, i) => jobs.CreateAsync(NoopStep.FloorJob(floor, n, i, cluster.Sandbox), CancellationToken.None)));
    foreach (var done in await Task.WhenAll(names.Select(floorJobs.FinishedAsync)))
    {
        if (!JobSucceeded(done))
        {
            failures.Add($"floor Job {done.Metadata.Name} failed");
        }
    }

    return clock.NowMs - start;
}

async Task<double> RunAsync(string workflow, string name)
{
    var start = clock.NowMs;
    await runs.CreateAsync(new WorkflowRun
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = wf },
        Spec = new WorkflowRunSpec { WorkflowRef = new WorkflowReference { Name = workflow } },
    }, CancellationToken.None);
    var done = await runWatch.FinishedAsync(name);
    if (done.Status.Phase != WorkflowRunPhase.Succeeded)
    {
        failures.Add($"WorkflowRun {name} ended {done.Status.Phase}: {done.Status.Message}");
    }

    return clock.NowMs - start;
}

async Task<double> WorkflowChainAsync(string tag) => await RunAsync("chain", tag + "-a") + await RunAsync("chain", tag + "-b");

// Warm-up of both sides (JIT, the operator's caches, the sandbox's first starts), not measured.
await FloorChainAsync("warm-chain");
await FloorFanAsync("warm-fan", 10);
await RunAsync("warmup", "warmup");

var results = new Dictionary<string, List<double>>(StringComparer.Ordinal)
{
    ["chain floor"] = [], ["chain workflow"] = [], ["fan floor"] = [], ["fan workflow"] = [],
};
var cpu = results.Keys.ToDictionary(k => k, _ => new List<double>(), StringComparer.Ordinal);
async Task MeasureAsync(string key, Func<Task<double>> side)
{
    // CPU of this process (LocalCluster, the operator and the bench; the pods' processes are children, not counted).
    var before = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    results[key].Add(await side());
    cpu[key].Add((System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
}

for (var r = 0; r < rounds; r++)
{
    // Alternate which side goes first, so that drift (a growing store, a busy machine) hits both alike.
    var floorFirst = r % 2 == 0;
    foreach (var floorTurn in floorFirst ? new[] { true, false } : [false, true])
    {
        if (floorTurn)
        {
            await MeasureAsync("chain floor", () => FloorChainAsync($"chain-{r}"));
        }
        else
        {
            await MeasureAsync("chain workflow", () => WorkflowChainAsync($"chain-{r}"));
        }
    }

    foreach (var floorTurn in floorFirst ? new[] { true, false } : [false, true])
    {
        if (floorTurn)
        {
            await MeasureAsync("fan floor", () => FloorFanAsync($"fan-{r}"));
        }
        else
        {
            await MeasureAsync("fan workflow", () => RunAsync("fan", $"fan-{r}"));
        }
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

static string All(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

Console.WriteLine($"cores {Environment.ProcessorCount}; LocalJobRunner MaxParallelPods {cluster.Runner.MaxParallelPods} (both sides); " +
    $"sandbox {(cluster.Runner.UseSandbox ? "bubblewrap " + cluster.Runner.BubblewrapPath : "OFF (bubblewrap not installed; both sides run unsandboxed)")}; " +
    $"operator MaxConcurrentReconciles {cluster.Options.MaxConcurrentReconciles}");
Console.WriteLine($"step: image {NoopStep.Image} (unmapped: the host's `true`), restricted security context, restartPolicy Never, backoffLimit {cluster.Sandbox.BackoffLimit}; " +
    $"completion seen through a watch on both sides; {rounds} rounds after a warm-up, medians");

void Report(string title, string key)
{
    var floorMedian = Median(results[key + " floor"]);
    var workflowMedian = Median(results[key + " workflow"]);
    var overhead = (workflowMedian - floorMedian) / Steps;
    var paired = Median(results[key + " workflow"].Zip(results[key + " floor"], (w, f) => (w - f) / Steps));
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine($"  floor (Jobs directly)  median {floorMedian,8:F0} ms  (all: {All(results[key + " floor"])})");
    Console.WriteLine($"  WorkflowRun            median {workflowMedian,8:F0} ms  (all: {All(results[key + " workflow"])})");
    Console.WriteLine($"  overhead per step (workflow − floor) / {Steps} = {overhead:F1} ms (median of per-round differences {paired:F1} ms); " +
        $"target ≤ {TargetMs:F0} ms per step: {(overhead <= TargetMs ? "met" : "MISSED")}");
    Console.WriteLine($"  CPU of the bench process (LocalCluster + operator, not the pods) per step: floor median {Median(cpu[key + " floor"]) / Steps:F1} ms, " +
        $"workflow median {Median(cpu[key + " workflow"]) / Steps:F1} ms");
}

Report($"chain: {Steps} Jobs one after another (workflow: 2 runs × {ChainRunSteps} steps, step i dependsOn step i−1; spec.steps allows at most 64)", "chain");

// Where the chain's time goes: each Job's time from first seen to Complete (pod work plus the local kubelet), and the gap
// from one step's Job Complete to the next step's Job created, all seen by the same watch.
var wfSeen = wfJobs.Snapshot();
var floorSeen = floorJobs.Snapshot();
List<WatchedObject<V1Job>> JobsOf(IReadOnlyList<WatchedObject<V1Job>> seen, string runName) =>
    [.. seen.Where(j => j.Last.Metadata.OwnerReferences?.Any(o => o.Kind == WorkflowRun.KubeKind && o.Name == runName) == true).OrderBy(j => j.FirstSeenMs)];
var chainGaps = new List<double>();
var chainJobTimes = new List<double>();
var chainStarts = new List<double>();
var chainEnds = new List<double>();
for (var r = 0; r < rounds; r++)
{
    foreach (var part in new[] { "a", "b" })
    {
        var name = $"chain-{r}-{part}";
        var own = JobsOf(wfSeen, name);
        var run = runWatch.Snapshot().Single(o => o.Name == name);
        chainJobTimes.AddRange(own.Select(j => j.FinishedMs!.Value - j.FirstSeenMs));
        chainGaps.AddRange(own.Zip(own.Skip(1), (a, b) => b.FirstSeenMs - a.FinishedMs!.Value));
        chainStarts.Add(own[0].FirstSeenMs - run.FirstSeenMs);
        chainEnds.Add(run.FinishedMs!.Value - own[^1].FinishedMs!.Value);
    }
}

var floorChainJobs = floorSeen.Where(j => j.Name.StartsWith("chain-", StringComparison.Ordinal)).ToList();
var floorChainGaps = new List<double>();
for (var r = 0; r < rounds; r++)
{
    var own = floorChainJobs.Where(j => j.Name.StartsWith($"chain-{r}-", StringComparison.Ordinal)).OrderBy(j => j.FirstSeenMs).ToList();
    floorChainGaps.AddRange(own.Zip(own.Skip(1), (a, b) => b.FirstSeenMs - a.FinishedMs!.Value));
}

var floorChainJobTimes = floorChainJobs.Select(j => j.FinishedMs!.Value - j.FirstSeenMs).ToList();
Console.WriteLine($"  Job seen → Complete (pod work + local kubelet): floor median {Median(floorChainJobTimes):F0} ms (mean {floorChainJobTimes.Average():F1}), " +
    $"workflow median {Median(chainJobTimes):F0} ms (mean {chainJobTimes.Average():F1})");
Console.WriteLine($"  Job Complete → next Job seen: floor median {Median(floorChainGaps):F0} ms (mean {floorChainGaps.Average():F1}, p90 {Percentile(floorChainGaps, 0.9):F0}); " +
    $"workflow median {Median(chainGaps):F0} ms (mean {chainGaps.Average():F1}, p90 {Percentile(chainGaps, 0.9):F0}, max {chainGaps.Max():F0})");
var chainRuns = runWatch.Snapshot().Where(o => o.Name.StartsWith("chain-", StringComparison.Ordinal)).ToList();
Console.WriteLine($"  watch events per Job: floor median {Median(floorChainJobs.Select(j => (double)j.Events)):F0}, workflow median {Median(wfSeen.Where(j => j.Name.StartsWith("chain-", StringComparison.Ordinal)).Select(j => (double)j.Events)):F0}; " +
    $"WorkflowRun updates (status writes) per step: median {Median(chainRuns.Select(o => (double)o.Events)) / ChainRunSteps:F1}");
Console.WriteLine($"  per run of {ChainRunSteps}: create → first Job seen median {Median(chainStarts):F0} ms; last Job Complete → run Succeeded seen median {Median(chainEnds):F0} ms");

Report($"fan-out: {Steps} Jobs at once (workflow: one step, forEach over a {Steps}-element CEL list literal; floor: {Steps} creates at once)", "fan");
var fanFirst = new List<double>();
var fanLast = new List<double>();
var fanTail = new List<double>();
for (var r = 0; r < rounds; r++)
{
    var name = $"fan-{r}";
    var own = JobsOf(wfSeen, name);
    var run = runWatch.Snapshot().Single(o => o.Name == name);
    fanFirst.Add(own[0].FirstSeenMs - run.FirstSeenMs);
    fanLast.Add(own[^1].FirstSeenMs - run.FirstSeenMs);
    fanTail.Add(run.FinishedMs!.Value - own.Max(j => j.FinishedMs!.Value));
}

var floorFan = Enumerable.Range(0, rounds).Select(r => floorSeen.Where(j => j.Name.StartsWith($"fan-{r}-", StringComparison.Ordinal)).ToList()).ToList();
Console.WriteLine($"  run create → first Job seen median {Median(fanFirst):F0} ms, → Job {Steps} seen median {Median(fanLast):F0} ms " +
    $"(floor: Job {Steps} seen median {Median(floorFan.Select(f => f.Max(j => j.FirstSeenMs) - f.Min(j => j.FirstSeenMs))):F0} ms after the first)");
Console.WriteLine($"  last Job Complete → run Succeeded seen median {Median(fanTail):F0} ms; WorkflowRun updates per run median " +
    $"{Median(runWatch.Snapshot().Where(o => o.Name.StartsWith("fan-", StringComparison.Ordinal)).Select(o => (double)o.Events)):F0}");

// Facts: every measured run created exactly its Jobs (no duplicates, one attempt each), and its progress at the end.
Console.WriteLine();
var listed = (await jobs.ListAsync(wf, CancellationToken.None)).Items;
var measured = Enumerable.Range(0, rounds).SelectMany(r => new[] { ($"chain-{r}-a", $"chain-{r}-b"), ($"fan-{r}", (string?)null) }).ToList();
foreach (var (first, second) in measured)
{
    var names = second is null ? [first] : new[] { first, second };
    var count = names.Sum(n => listed.Count(j => j.Metadata.OwnerReferences?.Any(o => o.Kind == WorkflowRun.KubeKind && o.Name == n) == true));
    var distinct = names.SelectMany(n => listed.Where(j => j.Metadata.OwnerReferences?.Any(o => o.Name == n) == true).Select(j => j.Metadata.Name)).Distinct().Count();
    var states = new List<string>();
    foreach (var n in names)
    {
        var run = await runs.GetAsync(new ObjectKey(wf, n), CancellationToken.None);
        states.Add($"{n} {run?.Status?.Phase} progress {run?.Status?.Progress}");
    }

    var ok = count == Steps && distinct == Steps;
    if (!ok)
    {
        failures.Add($"{string.Join(" + ", names)} created {count} Jobs ({distinct} distinct), not {Steps}");
    }

    Console.WriteLine($"  {string.Join(" + ", names),-22} Jobs {count} ({(ok ? "exactly " + Steps : "WRONG")}); {string.Join("; ", states)}");
}

foreach (var failure in failures)
{
    Console.WriteLine("FAILED: " + failure);
}

return failures.Count == 0 ? 0 : 1;
