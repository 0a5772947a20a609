using System.Diagnostics;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Kubectl;

/// <summary>Runs the real kubectl against a test server through the kubeconfig the server writes.</summary>
internal static class KubectlRunner
{
    public const string KubectlPath = "/usr/bin/kubectl";

    public static async Task<(int Exit, string Out, string Err)> RunAsync(LocalClusterServer server, string args, string? stdin = null)
    {
        var psi = new ProcessStartInfo(KubectlPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(server.KubeconfigPath);
        // Arguments split on spaces; a single-quoted part stays one argument (JSON patches).
        foreach (var part in System.Text.RegularExpressions.Regex.Matches(args, "'[^']*'|\\S+").Select(m => m.Value.Trim('\'')))
        {
            psi.ArgumentList.Add(part);
        }
        // A per-test cache directory, so discovery and OpenAPI caches never leak between servers.
        psi.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetDirectoryName(server.KubeconfigPath)!, "kubectl-cache");
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await output, await error);
    }

    public static async Task<string> OkAsync(LocalClusterServer server, string args, string? stdin = null)
    {
        var (exit, output, error) = await RunAsync(server, args, stdin);
        exit.Should().Be(0, $"kubectl {args} failed: {error}");
        return output;
    }
}
