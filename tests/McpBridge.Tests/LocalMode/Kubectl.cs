using System.Diagnostics;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>The real kubectl, pointed at a kubeconfig.</summary>
internal static class Kubectl
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string kubeconfig, string? stdin, CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, (await output) + (await errors));
    }
}
