using System.Diagnostics;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using DynamoMcp.Scaffold.Bench;
using k8s;
using k8s.Models;

// Side by side in one run: cookiecutter run directly on a small template (the floor) and a Scaffold of the same
// template from create to Succeeded in local mode; then 50 Scaffolds created at once.
var samples = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
const int Concurrent = 50;

var repoRoot = FindRepoRoot();
// Not under /tmp: sandbox pods mount an emptyDir there, which would hide the bind of the template repository.
var fixtures = Path.Combine(AppContext.BaseDirectory, "bench-fixtures", Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(fixtures);
using var repository = TemplateRepository.Create(fixtures);
repository.WriteSmallTemplate("", "greeting", "hello");
repository.Commit("small template");

await using var cluster = await BenchCluster.StartAsync(repoRoot, fixtures, parallelPods: Math.Max(2, Environment.ProcessorCount));
var template = new CookiecutterTemplate
{
    Metadata = new V1ObjectMeta { Name = "small" },
    Spec = new CookiecutterTemplateSpec { Source = new TemplateSource { Git = new GitSource { Url = "file://" + repository.Path } } },
};
var inspect = Stopwatch.StartNew();
await cluster.CreateAsync(template, CookiecutterTemplate.KubePlural);
while ((await cluster.GetAsync<CookiecutterTemplate>(CookiecutterTemplate.KubePlural, "small"))?.Status?.Conditions.IsTrue(ConditionTypes.Ready) != true)
{
    await Task.Delay(20);
}

Console.WriteLine($"template inspect (create → Ready): {inspect.Elapsed.TotalMilliseconds:F0} ms");

async Task<TimeSpan> DirectAsync(int i)
{
    var output = Path.Combine(fixtures, "direct", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
    var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
    foreach (var a in (string[])["-m", "cookiecutter", "--no-input", "--output-dir", output, repository.Path])
    {
        start.ArgumentList.Add(a);
    }

    start.Environment["HOME"] = output + ".home";
    var stopwatch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException("cookiecutter failed: " + await process.StandardError.ReadToEndAsync());
    }

    return stopwatch.Elapsed;
}

async Task<TimeSpan> ScaffoldAsync(string name)
{
    var stopwatch = Stopwatch.StartNew();
    await cluster.CreateAsync(new DynamoMcp.Api.V1Alpha1.Scaffold
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new ScaffoldSpec { TemplateRef = new TemplateReference { Name = "small" } },
    }, DynamoMcp.Api.V1Alpha1.Scaffold.KubePlural);
    var done = await cluster.WaitFinishedAsync(name, TimeSpan.FromMinutes(5));
    if (done.Status.Phase != ScaffoldPhase.Succeeded)
    {
        throw new InvalidOperationException($"Scaffold {name} failed: {done.Status.Message}");
    }

    return stopwatch.Elapsed;
}

// Warm-up of both sides (JIT, page cache), then interleaved samples so machine noise hits both alike.
await DirectAsync(-1);
await ScaffoldAsync("warmup");
var direct = new List<double>();
var scaffold = new List<double>();
for (var i = 0; i < samples; i++)
{
    direct.Add((await DirectAsync(i)).TotalMilliseconds);
    scaffold.Add((await ScaffoldAsync($"seq-{i}")).TotalMilliseconds);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

var directMedian = Median(direct);
var scaffoldMedian = Median(scaffold);
// Issue #16: renders from the stored snapshot (no fetch) within 1.3x a direct cookiecutter run + 150 ms.
var target = 1.3 * directMedian + 150;
Console.WriteLine($"samples: {samples}");
Console.WriteLine($"cookiecutter directly       median {directMedian,7:F0} ms  (all: {string.Join(", ", direct.Select(d => d.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))})");
Console.WriteLine($"Scaffold create → Succeeded median {scaffoldMedian,7:F0} ms  (all: {string.Join(", ", scaffold.Select(d => d.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))})");
Console.WriteLine($"ratio {scaffoldMedian / directMedian:F2}x; target 1.3x + 150 ms = {target:F0} ms: {(scaffoldMedian <= target ? "met" : "MISSED")}");

// Where the time of the last sequential Scaffold went, from the pod's container timestamps.
var last = (await cluster.GetAsync<DynamoMcp.Api.V1Alpha1.Scaffold>(DynamoMcp.Api.V1Alpha1.Scaffold.KubePlural, $"seq-{samples - 1}"))!;
var pods = await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, labelSelector: $"dynamo-mcp.io/scaffold=seq-{samples - 1}");
if (pods.Items.FirstOrDefault() is { } pod)
{
    var created = last.Metadata.CreationTimestamp!.Value;
    string At(DateTime? t) => t is null ? "?" : $"{(t.Value - created).TotalMilliseconds:F0}";
    var render = pod.Status.ContainerStatuses?.FirstOrDefault()?.State?.Terminated;
    Console.WriteLine($"timeline of seq-{samples - 1} (ms after create, second precision on create): pod created {At(pod.Metadata.CreationTimestamp)}, " +
        $"render (from the snapshot, no fetch step: {pod.Spec.InitContainers is null or { Count: 0 }}) {At(render?.StartedAt)}–{At(render?.FinishedAt)}, Succeeded {At(last.Status.CompletionTime)}");
}

var all = Stopwatch.StartNew();
var names = Enumerable.Range(0, Concurrent).Select(i => $"burst-{i:D2}").ToList();
await Task.WhenAll(names.Select(n => cluster.CreateAsync(new DynamoMcp.Api.V1Alpha1.Scaffold
{
    Metadata = new V1ObjectMeta { Name = n },
    Spec = new ScaffoldSpec { TemplateRef = new TemplateReference { Name = "small" } },
}, DynamoMcp.Api.V1Alpha1.Scaffold.KubePlural)));
var results = await Task.WhenAll(names.Select(n => cluster.WaitFinishedAsync(n, TimeSpan.FromMinutes(10))));
var succeeded = results.Count(r => r.Status.Phase == ScaffoldPhase.Succeeded);
Console.WriteLine($"{Concurrent} concurrent Scaffolds: {succeeded}/{Concurrent} Succeeded in {all.Elapsed.TotalSeconds:F1} s " +
    $"({all.Elapsed.TotalMilliseconds / Concurrent:F0} ms per Scaffold, {Math.Max(2, Environment.ProcessorCount)} pods at a time)");
var jobs = await cluster.Client.BatchV1.ListNamespacedJobAsync(cluster.Namespace);
Console.WriteLine($"render Jobs: {jobs.Items.Count(j => j.Metadata.Labels.TryGetValue("dynamo-mcp.io/purpose", out var p) && p == "render")} for {Concurrent + samples + 1} Scaffolds; " +
    $"inspect Jobs (template fetches): {jobs.Items.Count(j => j.Metadata.Labels.TryGetValue("dynamo-mcp.io/purpose", out var p) && p == "inspect")}");
try
{
    Directory.Delete(fixtures, recursive: true);
}
catch (IOException)
{
}

return succeeded == Concurrent ? 0 : 1;

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
