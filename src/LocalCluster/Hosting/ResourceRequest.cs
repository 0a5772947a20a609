using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>A request on a resource path, resolved: which kind, version, namespace, object, subresource and verb.</summary>
internal sealed record ResourceRequest(ResourceType Type, string Version, string Namespace, string? Name, string? Subresource, string Verb)
{
    /// <summary>
    /// Parses <c>/api/v1/...</c> and <c>/apis/{group}/{version}/...</c>; null when the path names no served kind.
    /// Namespaced paths are <c>namespaces/{ns}/{plural}[/{name}[/{sub}]]</c>; <c>namespaces/{name}/status|finalize</c> is a namespace's subresource.
    /// </summary>
    public static ResourceRequest? Parse(string method, string path, bool watchQuery, ResourceRegistry registry, out string? notFoundMessage)
    {
        notFoundMessage = null;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int i;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, i) = ("", segments[1], 2);
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            (group, version, i) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }
        var rest = segments[i..];
        var watchPath = false;
        if (rest.Length > 0 && rest[0] == "watch")
        {
            watchPath = true;
            rest = rest[1..];
        }
        if (rest.Length == 0)
        {
            return null;
        }
        string ns = "";
        if (rest[0] == "namespaces" && rest.Length >= 3 && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var type = registry.Find(group, version, rest[0]);
        if (type is null)
        {
            notFoundMessage = $"the server could not find the requested resource";
            return null;
        }
        if (ns.Length > 0 && !type.Namespaced)
        {
            notFoundMessage = "the server could not find the requested resource";
            return null;
        }
        var name = rest.Length >= 2 ? rest[1] : null;
        var sub = rest.Length >= 3 ? rest[2] : null;
        if (rest.Length > 3 || (sub is not null && !type.HasSubresource(sub)))
        {
            notFoundMessage = "the server could not find the requested resource";
            return null;
        }
        var watch = watchPath || watchQuery;
        var verb = (method, name) switch
        {
            ("GET", null) => watch ? "watch" : "list",
            ("GET", _) => watch ? "watch" : "get",
            ("POST", null) => "create",
            ("POST", not null) when sub == "token" => "create",
            ("PUT", not null) => "update",
            ("PATCH", not null) => "patch",
            ("DELETE", null) => "deletecollection",
            ("DELETE", not null) => "delete",
            _ => "",
        };
        return new ResourceRequest(type, version, ns, name, sub, verb);
    }
}
