using System.Globalization;

namespace DynamoMcp.StdioFront;

/// <summary>The front's command line: where to listen, the limits, and the stdio server's command (everything after <c>--</c>).</summary>
internal sealed record FrontOptions
{
    public const string Usage = """
        stdio-front: serves MCP Streamable HTTP and runs a stdio MCP server per session.

        Usage: stdio-front [options] -- <command> [arguments...]
               stdio-front --install <directory>

        Each client that sends `initialize` gets its own child process running <command>; its
        stdin/stdout carry newline-delimited JSON-RPC (the MCP stdio transport). The session
        ends on DELETE, when the child exits, or after --idle-timeout without requests.

        Options:
          --port <n>               port to listen on (default 8080; 0 picks a free one)
          --host <address>         address to listen on (default: every interface)
          --path <path>            the MCP endpoint (default /mcp)
          --max-sessions <n>       sessions (child processes) at once; beyond: HTTP 503 (default 16)
          --idle-timeout <t>       end a session without requests for this long (default 10m)
          --startup-timeout <t>    wait this long for a child's answer to initialize (default 120s)
          --working-directory <d>  the children's working directory (default: the front's)
          -h, --help               show this help

        --install <directory> copies this binary to <directory>/stdio-front (mode 0755) and
        exits: the init container of a stdio McpServer's pod runs it, so the image needs no cp.

        Durations: 90, 90s, 10m, 1h (a bare number is seconds).
        Endpoints: POST/GET/DELETE <path> (MCP), GET /healthz (200 once listening).

        Example: stdio-front --port 8080 -- npx -y @modelcontextprotocol/server-everything
        """;

    public int Port { get; init; } = 8080;

    public string? Host { get; init; }

    public string Path { get; init; } = "/mcp";

    public int MaxSessions { get; init; } = 16;

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public string? WorkingDirectory { get; init; }

    /// <summary>The stdio server's argv: program, then its arguments.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Parses the command line; <paramref name="error"/> says what is wrong (null and null options mean --help).</summary>
    public static FrontOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new FrontOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                var command = args.Skip(i + 1).ToArray();
                if (command.Length == 0)
                {
                    error = "no command after `--`: give the stdio MCP server to run, e.g. `-- npx -y @modelcontextprotocol/server-everything`";
                    return null;
                }

                return options with { Command = command };
            }

            if (arg is "-h" or "--help")
            {
                return null;
            }

            var (name, inline) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unexpected `{arg}`: put the stdio server's command after `--`";
                return null;
            }

            string? value = inline;
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1] == "--")
                {
                    error = $"{name} needs a value";
                    return null;
                }

                value = args[++i];
            }

            switch (name)
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options = options with { Port = port };
                    break;
                case "--host" when value.Length > 0:
                    options = options with { Host = value };
                    break;
                case "--path" when value.StartsWith('/'):
                    options = options with { Path = value };
                    break;
                case "--max-sessions" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0:
                    options = options with { MaxSessions = max };
                    break;
                case "--idle-timeout" when TryParseDuration(value, out var idle):
                    options = options with { IdleTimeout = idle };
                    break;
                case "--startup-timeout" when TryParseDuration(value, out var startup):
                    options = options with { StartupTimeout = startup };
                    break;
                case "--working-directory" when value.Length > 0:
                    options = options with { WorkingDirectory = value };
                    break;
                case "--port" or "--host" or "--path" or "--max-sessions" or "--idle-timeout" or "--startup-timeout" or "--working-directory":
                    error = $"{name}: `{value}` is not valid ({Expected(name)})";
                    return null;
                default:
                    error = $"unknown option {name} (see --help)";
                    return null;
            }
        }

        error = "no command: give the stdio MCP server to run after `--`, e.g. `-- npx -y @modelcontextprotocol/server-everything`";
        return null;
    }

    /// <summary>90, 90s, 10m, 1h; a bare number is seconds; must be positive.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length == 0)
        {
            return false;
        }

        var (number, unit) = char.IsAsciiLetter(text[^1]) ? (text[..^1], text[^1]) : (text, 's');
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        duration = unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }

    private static string Expected(string name) => name switch
    {
        "--port" => "a port number 0-65535",
        "--path" => "a path starting with /",
        "--max-sessions" => "a positive number",
        "--idle-timeout" or "--startup-timeout" => "a duration such as 90s, 10m, 1h",
        _ => "a non-empty value",
    };
}
