namespace DynamoMcp.Mcp.Gateway;

/// <summary>
/// The tools the gateway exposes for a set of servers, and the way back from a gateway name to server and upstream
/// tool. Pure: the same input gives the same names.
/// </summary>
/// <remarks>
/// <para>
/// Names come from <see cref="GatewayToolName"/>. Different servers never collide (the prefix up to the first
/// <c>__</c> differs). Within one server the rule is:
/// </para>
/// <list type="number">
/// <item>Tools whose exposed name is valid and fits keep <c>server__tool</c>; they are placed first, so a real
/// upstream name is never displaced by another tool's hashed one.</item>
/// <item>The others get the hashed form, in ordinal order of their exposed names (then upstream order, for exact
/// duplicates).</item>
/// <item>A name already taken (two tools listed under one name, or a hashed form equal to a real name) is retried
/// with a salted hash (<c>#1</c>, <c>#2</c>, …) until it is free.</item>
/// </list>
/// <para>No tool is dropped: every input tool appears once in <see cref="Tools"/>, in input order.</para>
/// </remarks>
public sealed class GatewayToolCatalog
{
    /// <summary>Beyond this many salted attempts the SHA-256 prefixes would have to collide on purpose.</summary>
    private const int MaxSalt = 1000;

    private readonly Dictionary<string, GatewayTool> byName;

    private GatewayToolCatalog(IReadOnlyList<GatewayTool> tools, Dictionary<string, GatewayTool> byName)
    {
        Tools = tools;
        this.byName = byName;
    }

    /// <summary>Every exposed tool, servers in input order, each server's tools in its order.</summary>
    public IReadOnlyList<GatewayTool> Tools { get; }

    /// <summary>Builds the catalog of <paramref name="servers"/> (one entry per server; a repeated server name is refused).</summary>
    /// <exception cref="ArgumentException">A server name is not a DNS-1123 label or appears twice.</exception>
    public static GatewayToolCatalog Build(IEnumerable<GatewayServerTools> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var byName = new Dictionary<string, GatewayTool>(StringComparer.Ordinal);
        var all = new List<GatewayTool>();
        var seenServers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            if (!seenServers.Add(server.ServerName))
            {
                throw new ArgumentException($"server '{server.ServerName}' is listed twice; give the catalog each server once.", nameof(servers));
            }

            all.AddRange(NameServer(server, byName));
        }

        return new GatewayToolCatalog(all, byName);
    }

    /// <summary>The tool exposed as <paramref name="name"/>, if any.</summary>
    public bool TryResolve(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GatewayTool? tool)
    {
        ArgumentNullException.ThrowIfNull(name);
        return byName.TryGetValue(name, out tool);
    }

    private static GatewayTool[] NameServer(GatewayServerTools server, Dictionary<string, GatewayTool> byName)
    {
        var tools = server.Tools;
        var named = new GatewayTool[tools.Count];
        var hashed = new List<int>();
        for (var i = 0; i < tools.Count; i++)
        {
            var exposed = tools[i].Definition.Name;
            var direct = GatewayToolName.Compose(server.ServerName, exposed);
            if (direct == server.ServerName + GatewayToolName.Separator + exposed && !byName.ContainsKey(direct))
            {
                named[i] = Add(direct, i);
            }
            else
            {
                hashed.Add(i);
            }
        }

        foreach (var i in hashed.OrderBy(i => tools[i].Definition.Name, StringComparer.Ordinal).ThenBy(i => i))
        {
            var exposed = tools[i].Definition.Name;
            var name = GatewayToolName.ComposeHashed(server.ServerName, exposed, salt: 0);
            for (var salt = 1; byName.ContainsKey(name); salt++)
            {
                if (salt > MaxSalt)
                {
                    throw new InvalidOperationException($"no free gateway name for tool '{exposed}' of server '{server.ServerName}' after {MaxSalt} attempts.");
                }

                name = GatewayToolName.ComposeHashed(server.ServerName, exposed, salt);
            }

            named[i] = Add(name, i);
        }

        return named;

        GatewayTool Add(string name, int i)
        {
            var tool = new GatewayTool(name, server.ServerName, tools[i].UpstreamName, GatewayTool.Copy(tools[i].Definition, name, tools[i].Definition.Description));
            byName.Add(name, tool);
            return tool;
        }
    }
}
