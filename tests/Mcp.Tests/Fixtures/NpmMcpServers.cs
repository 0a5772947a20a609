namespace DynamoMcp.Mcp.Tests.Fixtures;

/// <summary>
/// The real MCP servers from npm that tests run, installed by <c>scripts/test.sh</c> (<c>npm ci --prefix tests/mcp-servers</c>).
/// A test skips, naming that command, only when the install is missing.
/// </summary>
internal static class NpmMcpServers
{
    public static string Folder => Path.Combine(RepositoryRoot.Find(), "tests", "mcp-servers");

    /// <summary>The entry script of <c>@modelcontextprotocol/server-&lt;name&gt;</c> (e.g. everything, memory, filesystem).</summary>
    public static string EntryScript(string name)
    {
        var script = Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "server-" + name, "dist", "index.js");
        if (!File.Exists(script))
        {
            Assert.Skip($"@modelcontextprotocol/server-{name} is not installed: run `npm ci --prefix tests/mcp-servers` (scripts/test.sh does).");
        }

        return script;
    }

    public static string Node => "node";
}
