using System.Globalization;

namespace DynamoMcp.McpServer.Bench;

/// <summary>The benchmark's options: <c>--iterations N</c>, <c>--warmup N</c>, <c>--verbose</c>, <c>--help</c>.</summary>
internal sealed record BenchCommandLine(int Iterations, int Warmup, bool Verbose, bool Help, string? Error)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/McpServer.Bench [-- options]

        Side by side in one run: server-everything started directly and its tools listed (the floor), and an
        McpServer of the same server from create to Ready with its tools discovered, in local mode (LocalCluster +
        operator in-process, the pod sandboxed by bubblewrap). Runs alternate so machine noise hits both.
        Needs `npm ci --prefix tests/mcp-servers`, /usr/bin/node and /usr/bin/bwrap.

        Options:
          --iterations N   measured runs of each side (default 5)
          --warmup N       unmeasured runs of each side first (default 1)
          --verbose        log the LocalCluster and the operator (Information) to stderr
          --help           this text
        """;

    public static BenchCommandLine Parse(IReadOnlyList<string> args)
    {
        var (iterations, warmup, verbose, help) = (5, 1, false, false);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    help = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--iterations" or "--warmup":
                    if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < (args[i] == "--warmup" ? 0 : 1))
                    {
                        return new BenchCommandLine(iterations, warmup, verbose, help, $"{args[i]} needs a whole number{(args[i] == "--warmup" ? "" : " of at least 1")}, e.g. {args[i]} 5");
                    }

                    (iterations, warmup) = args[i] == "--warmup" ? (iterations, n) : (n, warmup);
                    i++;
                    break;
                default:
                    return new BenchCommandLine(iterations, warmup, verbose, help, $"unknown option '{args[i]}'");
            }
        }

        return new BenchCommandLine(iterations, warmup, verbose, help, null);
    }
}
