using System.Diagnostics;
using System.Text.Json;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>The TypeScript SDK client (npm @modelcontextprotocol/sdk, pinned in ts-client/package-lock.json) against the bridge.</summary>
[Collection(BridgeCollection.Name)]
public sealed class TypeScriptClientTests(BridgeFixture fx)
{
    [Fact]
    public async Task The_typescript_sdk_lists_tools_and_calls_list_templates()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Bob;
        var clientDir = Path.Combine(RepositoryRoot.Find(), "tests", "McpBridge.Tests", "ts-client");
        if (!Directory.Exists(Path.Combine(clientDir, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            // CI runs `npm ci` in scripts/test.sh; do it here too so the test also runs on its own.
            var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", clientDir], clientDir, ct);
            code.Should().Be(0, output);
        }

        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "ts-template", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "ts-template", ct);
        await WaitForCachedAsync(tenant, ct);

        var (exit, stdout) = await RunAsync(
            "node",
            [Path.Combine(clientDir, "client.mjs"), fx.Bridge.McpEndpoint.ToString(), tenant.ApiKey, "list_templates", "{}"],
            clientDir,
            ct);

        exit.Should().Be(0, stdout);
        using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        doc.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetString())
            .Should().Contain(["list_templates", "create_project", "scaffold_ts-template"]);
        var result = doc.RootElement.GetProperty("result");
        (result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True).Should().BeFalse(stdout);
        result.GetProperty("structuredContent").GetProperty("templates").EnumerateArray()
            .Select(t => t.GetProperty("name").GetString()).Should().Equal("ts-template");
    }

    private async Task WaitForCachedAsync(Tenants.Tenant tenant, CancellationToken ct)
    {
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while ((await client.CallToolAsync("get_template_variables", new Dictionary<string, object?> { ["name"] = "ts-template" }, cancellationToken: timeout.Token))
            is var r && (r.IsError == true || !r.StructuredContent!.Value.GetProperty("ready").GetBoolean()))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> args, string workingDirectory, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + (process.ExitCode == 0 ? "" : "\n" + await stderr));
    }
}
