using System.Globalization;

namespace DynamoMcp.Gateway.Bench;

/// <summary>The benchmark's options: <c>--calls N</c>, <c>--warmup N</c>, <c>--clients C</c>, <c>--seconds S</c>, <c>--verbose</c>, <c>--help</c>.</summary>
internal sealed record BenchCommandLine(int Calls, int Warmup, int Clients, int Seconds, bool Verbose, bool Help, string? Error)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Gateway.Bench [-- options]

        Side by side in one run, a tools/call of server-everything's echo with the C# SDK client (Streamable HTTP,
        protocol 2025-11-25, a session per client): directly to the server (the floor), through the bridge's gateway
        /mcp as <server>__echo, and through the bridge's per-server endpoint /servers/{namespace}/{name}/mcp as echo.
        The bridge runs in-process on LocalCluster (API key auth, no rate limit); the paths take turns so machine noise
        hits all alike. Needs `npm ci --prefix tests/mcp-servers` and /usr/bin/node.
        Targets per proxied path: p50 <= 1.2 x direct p50 + 0.5 ms; throughput with C clients >= 80 % of direct.
        Exit code 0 when every target passes, 1 when one fails, 2 for a bad option, 3 when something is missing.

        Options:
          --calls N     sequential calls measured per path (default 1500)
          --warmup N    unmeasured sequential calls per path first (default 500)
          --clients C   concurrent clients, a session each, for throughput (default 50)
          --seconds S   throughput measured per path, in turns of 2 s (default 10)
          --verbose     log the set-up and the bridge (Information) to stderr
          --help        this text
        """;

    private static readonly Dictionary<string, (int Minimum, string Example)> Numbers = new(StringComparer.Ordinal)
    {
        ["--calls"] = (1, "--calls 1500"),
        ["--warmup"] = (0, "--warmup 500"),
        ["--clients"] = (1, "--clients 50"),
        ["--seconds"] = (1, "--seconds 10"),
    };

    /// <summary>For <c>--help</c> the usage on stdout (exit code 0), for a bad option the error and the usage on stderr (2); null to run.</summary>
    public int? WriteHelpOrError()
    {
        if (Error is not null)
        {
            Console.Error.WriteLine($"error: {Error}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        return null;
    }

    public static BenchCommandLine Parse(IReadOnlyList<string> args)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal) { ["--calls"] = 1500, ["--warmup"] = 500, ["--clients"] = 50, ["--seconds"] = 10 };
        var (verbose, help) = (false, false);
        string? error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                help = true;
            }
            else if (name == "--verbose")
            {
                verbose = true;
            }
            else if (!Numbers.TryGetValue(name, out var rule))
            {
                error = $"unknown option '{name}' (--help lists them)";
            }
            else if (i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= rule.Minimum)
            {
                numbers[name] = n;
                i++;
            }
            else
            {
                error = $"{name} needs a whole number of at least {rule.Minimum}, e.g. {rule.Example}";
            }
        }

        return new BenchCommandLine(numbers["--calls"], numbers["--warmup"], numbers["--clients"], numbers["--seconds"], verbose, help, error);
    }
}
