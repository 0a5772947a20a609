using System.Diagnostics;

namespace DynamoMcp.Operator.Tests.Cli;

/// <summary>Runs the built operator executable as a separate process, the way a person or a Pod would.</summary>
internal static class OperatorProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(IReadOnlyList<string> args, IDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DynamoMcp.Operator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Isolate from the developer's own cluster configuration.
        start.Environment.Remove("KUBECONFIG");
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        start.Environment["HOME"] = Directory.CreateTempSubdirectory("operator-home-").FullName;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
