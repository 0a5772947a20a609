using System.Text.RegularExpressions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Templates;
using k8s.Models;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Servers;

/// <summary>
/// The McpServer that add_mcp_server creates, built as the API's typed object after checking the arguments: every
/// problem is named in one tool error, so a caller fixes them all at once and nothing half-checked reaches the API.
/// </summary>
public static partial class McpServerManifests
{
    // The limits of the CRD's schema (McpServerSpec, McpRemote, ToolFilter), checked here first for a clearer message.
    private const int MaxImageLength = 1024;
    private const int MaxUrlLength = 2048;
    private const int MaxCommand = 64;
    private const int MaxArgs = 128;
    private const int MaxEnv = 128;
    private const int MaxPathLength = 256;
    private const int MaxFilterEntries = 256;
    private const int MaxEgress = 64;

    public static McpServer McpServer(string @namespace, McpServerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = Problems(input, out var transport);
        if (problems.Count > 0)
        {
            throw new McpException(
                $"Cannot add MCP server '{input.Name}', nothing was created: {string.Join(" ", problems)}");
        }

        var remote = !string.IsNullOrWhiteSpace(input.Url);
        return new McpServer
        {
            Metadata = new V1ObjectMeta { Name = input.Name, NamespaceProperty = @namespace },
            Spec = new McpServerSpec
            {
                Image = remote ? null : input.Image!.Trim(),
                Remote = remote ? new McpRemote { Url = input.Url!.Trim() } : null,
                Command = input.Command is { Count: > 0 } command ? [.. command] : null,
                Args = input.Args is { Count: > 0 } args ? [.. args] : null,
                Env = input.Env is { Count: > 0 } env ? [.. env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new V1EnvVar { Name = e.Key, Value = e.Value })] : null,
                Transport = transport,
                Port = input.Port,
                Path = string.IsNullOrWhiteSpace(input.Path) ? null : input.Path.Trim(),
                ToolFilter = input.Allow is { Count: > 0 } || input.Deny is { Count: > 0 }
                    ? new ToolFilter
                    {
                        Allow = input.Allow is { Count: > 0 } allow ? [.. allow.Select(a => a.Trim())] : null,
                        Deny = input.Deny is { Count: > 0 } deny ? [.. deny.Select(d => d.Trim())] : null,
                    }
                    : null,
                Egress = input.Egress is { Count: > 0 } egress
                    ? new EgressPolicy { Allow = [.. egress.Select(h => new EgressRule { Host = h.Trim().ToLowerInvariant() })] }
                    : null,
            },
        };
    }

    /// <summary>Every problem of <paramref name="input"/>, each a sentence saying what to change; empty when it is fine.</summary>
    public static IReadOnlyList<string> Problems(McpServerInput input, out McpTransport transport)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<string>();
        transport = McpTransport.StreamableHttp; // the CRD's default when transport is not given
        if (!ResourceNames.IsValid(input.Name ?? ""))
        {
            problems.Add($"'{input.Name}' is not a valid server name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit.");
        }

        var hasUrl = !string.IsNullOrWhiteSpace(input.Url);
        var hasImage = !string.IsNullOrWhiteSpace(input.Image);
        if (hasUrl == hasImage)
        {
            problems.Add(hasUrl
                ? "Give url or image, not both: url adds a server that runs elsewhere, image one the operator runs."
                : "Give url (the address of a running MCP server, e.g. https://mcp.example.com/mcp) or image (a container image the operator runs, e.g. node:22-slim with command npx).");
        }

        if (input.Transport is { } transportText && !string.IsNullOrWhiteSpace(transportText))
        {
            if (!McpTransportNames.TryParse(transportText, out transport))
            {
                problems.Add($"transport '{transportText}' is not known: use one of {string.Join(", ", McpTransportNames.All)}.");
            }
        }

        if (hasUrl)
        {
            RemoteProblems(input, transport, problems);
        }
        else if (hasImage)
        {
            ImageProblems(input, problems);
        }

        if (input.Port is { } port && (port < 1 || port > 65535))
        {
            problems.Add($"port {port} is out of range: use a TCP port from 1 to 65535 (the one the server, or for stdio its front, listens on).");
        }

        if (input.Path is { } path && !string.IsNullOrWhiteSpace(path) && (!path.Trim().StartsWith('/') || path.Trim().Length > MaxPathLength))
        {
            problems.Add($"path '{path}' must start with '/' and be at most {MaxPathLength} characters, e.g. /mcp (streamable-http) or /sse (sse).");
        }

        FilterProblems("allow", input.Allow, problems);
        FilterProblems("deny", input.Deny, problems);
        return problems;
    }

    private static void RemoteProblems(McpServerInput input, McpTransport transport, List<string> problems)
    {
        var url = input.Url!.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || url.Length > MaxUrlLength)
        {
            problems.Add($"url '{url}' is not an absolute http(s) URL: give the server's MCP endpoint, e.g. https://mcp.example.com/mcp.");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // Never echo the URL here: its user info may be a password.
            problems.Add("url carries a user name or password: credentials do not go through tool arguments. Put the header in a Secret and let an administrator set spec.remote.headersFrom.");
        }

        if (transport == McpTransport.Stdio)
        {
            problems.Add("transport stdio needs an image the operator runs; a remote server at a url speaks streamable-http or sse.");
        }

        var imageOnly = new List<string>();
        if (input.Command is { Count: > 0 })
        {
            imageOnly.Add("command");
        }

        if (input.Args is { Count: > 0 })
        {
            imageOnly.Add("args");
        }

        if (input.Env is { Count: > 0 })
        {
            imageOnly.Add("env");
        }

        if (input.Port is not null)
        {
            imageOnly.Add("port");
        }

        if (!string.IsNullOrWhiteSpace(input.Path))
        {
            imageOnly.Add("path");
        }

        if (input.Egress is { Count: > 0 })
        {
            imageOnly.Add("egress");
        }

        if (imageOnly.Count > 0)
        {
            problems.Add($"{string.Join(", ", imageOnly)} apply to a server the operator runs from an image; for a remote server put everything in url.");
        }
    }

    private static void ImageProblems(McpServerInput input, List<string> problems)
    {
        var image = input.Image!.Trim();
        if (image.Length > MaxImageLength || image.Any(char.IsWhiteSpace))
        {
            problems.Add($"image '{image}' is not an image reference: give one without spaces, e.g. node:22-slim or ghcr.io/org/server@sha256:….");
        }

        if (input.Command is { Count: > MaxCommand })
        {
            problems.Add($"command has {input.Command.Count} entries; at most {MaxCommand} are allowed.");
        }

        if (input.Args is { Count: > MaxArgs })
        {
            problems.Add($"args has {input.Args.Count} entries; at most {MaxArgs} are allowed.");
        }

        if (input.Egress is { } egress)
        {
            if (egress.Count > MaxEgress)
            {
                problems.Add($"egress has {egress.Count} hosts; at most {MaxEgress} are allowed.");
            }

            foreach (var host in egress.Where(h => !HostName().IsMatch(h?.Trim().ToLowerInvariant() ?? "") || h!.Trim().Length > 253))
            {
                problems.Add($"egress host '{host}' is not a DNS name: give one such as registry.npmjs.org or *.example.com (no scheme, port or path; port 443 is allowed).");
            }
        }

        if (input.Env is not { Count: > 0 } env)
        {
            return;
        }

        if (env.Count > MaxEnv)
        {
            problems.Add($"env has {env.Count} variables; at most {MaxEnv} are allowed.");
        }

        foreach (var name in env.Keys.Order(StringComparer.Ordinal))
        {
            if (!EnvName().IsMatch(name))
            {
                problems.Add($"env name '{name}' is not valid: use letters, digits, '_', '-' and '.', not starting with a digit.");
            }
            else if (SecretLikeName().IsMatch(name))
            {
                // The value is never repeated: it may be the secret.
                problems.Add($"env '{name}' looks like a secret, and secrets do not go through tool arguments (they would sit in the McpServer and the conversation). Ask an administrator to put it in a Secret and reference it from spec.env valueFrom.secretKeyRef or spec.envFrom.");
            }
        }
    }

    private static void FilterProblems(string field, IReadOnlyList<string>? entries, List<string> problems)
    {
        if (entries is null)
        {
            return;
        }

        if (entries.Count > MaxFilterEntries)
        {
            problems.Add($"{field} has {entries.Count} entries; at most {MaxFilterEntries} are allowed.");
        }

        if (entries.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{field} has an empty entry: give tool names or globs such as get_*.");
        }

        if (entries.Select(e => e.Trim()).Distinct(StringComparer.Ordinal).Count() != entries.Count)
        {
            problems.Add($"{field} lists a tool twice: give each name or glob once.");
        }
    }

    // The CRD's pattern for spec.egress.allow[].host.
    [GeneratedRegex("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex HostName();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex("(SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();
}
