namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>Exit code and captured output of a finished child process.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() =>
        $"`{Command}` exited {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{StdOut}{Environment.NewLine}stderr:{Environment.NewLine}{StdErr}";
}
