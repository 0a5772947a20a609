using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>
/// The standalone bridge's <c>--help</c>: how to run it and every <c>Bridge:*</c> setting with its default and
/// meaning, read from the option classes themselves so the help cannot drift from what binds.
/// </summary>
public static class BridgeUsage
{
    public static bool IsHelpRequest(IReadOnlyList<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "help");

    /// <summary>Every setting key (<c>Bridge:Auth:Enabled</c>, ...) with its description and default.</summary>
    public static IReadOnlyList<(string Key, string Description, string Default)> Settings() =>
        [.. Walk(typeof(BridgeOptions), new BridgeOptions(), BridgeOptions.SectionName)];

    public static void Write(TextWriter output)
    {
        output.WriteLine("Dynamo MCP bridge: an MCP server (Streamable HTTP at /mcp, legacy SSE at /sse) whose tools read and write");
        output.WriteLine("Dynamo MCP custom resources in a Kubernetes cluster, acting as each caller through impersonation.");
        output.WriteLine();
        output.WriteLine("Usage:");
        output.WriteLine("  DynamoMcp.McpBridge [--kubeconfig <file>] [--urls http://0.0.0.0:8080] [--allowed-host <name> ...]");
        output.WriteLine("                      [--allowed-origin <origin> ...] [--Bridge:<Setting>=<value> ...]");
        output.WriteLine();
        output.WriteLine("Connection:");
        output.WriteLine("  --kubeconfig <file>   Kubeconfig to use (also Bridge:Kubeconfig). Default: in-cluster service account,");
        output.WriteLine("                        then $KUBECONFIG or ~/.kube/config; the bridge stops with a message when none exists.");
        output.WriteLine("  --urls <urls>         Addresses to listen on (ASP.NET Core; also ASPNETCORE_URLS).");
        output.WriteLine();
        output.WriteLine("DNS-rebinding protection: a request whose Host is not an IP address, localhost (on a loopback connection)");
        output.WriteLine("or an allowed host gets 403, and so does one whose Origin is not its own host, a loopback page (on a loopback");
        output.WriteLine("connection) or an allowed origin. Clients that send no Origin (every non-browser client) need no entry.");
        output.WriteLine($"  {BridgeArguments.AllowedHostFlag} <name>       Also answer to this Host name, any port: mcp.example.com, *.example.com for its");
        output.WriteLine("                              subdomains (not the name itself), * for any host. Repeat for several; added to");
        output.WriteLine("                              Bridge:AllowedHosts.");
        output.WriteLine($"  {BridgeArguments.AllowedOriginFlag} <origin>   Let web pages from this origin call the bridge: https://console.example.com,");
        output.WriteLine("                              https://*.example.com, * for any. Repeat for several; added to Bridge:AllowedOrigins.");
        output.WriteLine();
        output.WriteLine("Settings, as --Bridge:Auth:Enabled=false, the environment variable Bridge__Auth__Enabled=false, or");
        output.WriteLine("appsettings.json's \"Bridge\" section:");
        var settings = Settings();
        var width = settings.Max(s => s.Key.Length) + 2;
        foreach (var (key, description, fallback) in settings)
        {
            output.WriteLine($"  {key.PadRight(width)}{description}{(fallback.Length == 0 ? "" : $" [default: {fallback}]")}");
        }

        output.WriteLine();
        output.WriteLine("Endpoints: /mcp, /sse + /message, /healthz, /readyz, /metrics, /.well-known/oauth-protected-resource.");
        output.WriteLine("API key Secret format, tenancy and transports: src/McpBridge/README.md.");
    }

    private static IEnumerable<(string, string, string)> Walk(Type type, object defaults, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(defaults);
            if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
            {
                yield return (key, description.Description, Format(value));
            }
            else if (value is not null && property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                foreach (var nested in Walk(property.PropertyType, value, key))
                {
                    yield return nested;
                }
            }
            else
            {
                throw new InvalidOperationException($"{type.Name}.{property.Name} needs a [Description] for --help.");
            }
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
