namespace DynamoMcp.McpServer.Bench;

/// <summary>Where the real <c>@modelcontextprotocol/server-everything</c> from npm is installed (tests/mcp-servers) and how it is run over Streamable HTTP.</summary>
internal static class ServerEverything
{
    public const string Node = "/usr/bin/node";

    /// <summary>The argument that makes it serve Streamable HTTP at <see cref="Path"/> on <c>PORT</c>.</summary>
    public const string Transport = "streamableHttp";

    public const string Path = "/mcp";

    public static string Folder(string repoRoot) => System.IO.Path.Combine(repoRoot, "tests", "mcp-servers");

    /// <summary>The entry script, or an exception that names the install command when it is missing.</summary>
    public static string EntryScript(string repoRoot)
    {
        var script = System.IO.Path.Combine(Folder(repoRoot), "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        return File.Exists(script)
            ? script
            : throw new InvalidOperationException($"{script} is missing: run `npm ci --prefix tests/mcp-servers` first.");
    }
}
