using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DynamoMcp.LocalCluster;
using DynamoMcp.LocalCluster.LocalMode;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Cli;

/// <summary><c>run</c> as a Pod runs it: against a cluster from a kubeconfig, probes served, SIGTERM ends it cleanly.</summary>
public sealed class OperatorRunProcessTests
{
    [Fact]
    public async Task Run_reconciles_serves_probes_and_metrics_and_exits_cleanly_on_SIGTERM()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), ct: ct);
        using var admin = cluster.CreateClient();
        await CrdInstaller.InstallAsync(admin, ct);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "DynamoMcp.Operator.dll"), "run", "--kubeconfig", cluster.KubeconfigPath, "--http-address", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await EventuallyAsync(async () => (await http.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.OK, "ready");

            await admin.CustomObjects.CreateNamespacedCustomObjectAsync(
                new Dictionary<string, object>
                {
                    ["apiVersion"] = "dynamo-mcp.io/v1alpha1",
                    ["kind"] = "CookiecutterTemplate",
                    ["metadata"] = new Dictionary<string, object> { ["name"] = "watched" },
                    ["spec"] = new Dictionary<string, object> { ["source"] = new Dictionary<string, object> { ["git"] = new Dictionary<string, object> { ["url"] = "https://example.com/t.git" } } },
                },
                "dynamo-mcp.io", "v1alpha1", "default", "cookiecuttertemplates", cancellationToken: ct);
            await EventuallyAsync(
                async () => (await admin.BatchV1.ListNamespacedJobAsync("default", cancellationToken: ct)).Items.Any(j => j.Metadata.Name.StartsWith("watched-inspect-", StringComparison.Ordinal)),
                "the template's inspect Job");
            (await http.GetStringAsync("/metrics", ct)).Should().Contain("controller_runtime_reconcile_total");
            (await http.GetAsync("/healthz", ct)).StatusCode.Should().Be(HttpStatusCode.OK);

            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(ct);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.Should().Be(0, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        async Task EventuallyAsync(Func<Task<bool>> condition, string what)
        {
            for (var i = 0; i < 240; i++)
            {
                try
                {
                    if (await condition())
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (process.HasExited)
                {
                    Assert.Fail($"The operator exited ({process.ExitCode}) before {what}: {await stdout}{await stderr}");
                }

                await Task.Delay(250, ct);
            }

            Assert.Fail($"Timed out waiting for {what}.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
