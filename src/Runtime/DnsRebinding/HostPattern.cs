namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>
/// One allowed-hosts entry: a host name (<c>mcp.example.com</c>), a wildcard for its subdomains at any depth but not
/// the name itself (<c>*.example.com</c>), or <c>*</c> for every host. Any port matches: a name reaches the server
/// through Services, ingresses and port-forwards on ports it cannot know.
/// </summary>
public readonly record struct HostPattern(string Name, bool Subdomains, bool Any)
{
    public const string Everything = "*";

    /// <summary>Parses an entry; <paramref name="problem"/> says what is wrong with it and what to write instead.</summary>
    public static bool TryParse(string? entry, out HostPattern pattern, out string? problem)
    {
        pattern = default;
        problem = null;
        var text = entry?.Trim() ?? "";
        if (text == Everything)
        {
            pattern = new HostPattern(Everything, Subdomains: false, Any: true);
            return true;
        }

        var subdomains = text.StartsWith("*.", StringComparison.Ordinal);
        var name = subdomains ? text[2..] : text;
        if (name.Contains("://", StringComparison.Ordinal))
        {
            problem = $"'{entry}' is a URL; give the host name alone (e.g. mcp.example.com). Origins of web pages go in the allowed origins.";
            return false;
        }

        if (!RequestHost.TryParse(name, out var host))
        {
            problem = $"'{entry}' is not a host name; write a name such as mcp.example.com, *.example.com for its subdomains, or * for any host.";
            return false;
        }

        if (host.Port is not null)
        {
            problem = $"'{entry}' has a port; give the host name without it (every port is accepted).";
            return false;
        }

        if (subdomains && host.IsAddress)
        {
            problem = $"'{entry}': a wildcard needs a domain name after '*.', not an IP address.";
            return false;
        }

        pattern = new HostPattern(host.Name, subdomains, Any: false);
        return true;
    }

    public bool Matches(RequestHost host) =>
        Any
        || (Subdomains
            ? !host.IsAddress && host.Name.Length > Name.Length + 1 && host.Name.EndsWith("." + Name, StringComparison.Ordinal)
            : host.Name == Name);

    public override string ToString() => Any ? Everything : Subdomains ? "*." + Name : Name;
}
