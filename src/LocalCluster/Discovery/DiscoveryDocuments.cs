using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Discovery;

/// <summary>
/// Legacy discovery documents (<c>/api</c>, <c>/apis</c>, <c>/apis/{group}</c>, <c>/api/v1</c>, <c>/apis/{group}/{version}</c>) and <c>/version</c>.
/// Served as plain <c>application/json</c>: clients that ask for aggregated discovery first fall back to these.
/// </summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] ResourceVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-localcluster",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceRegistry registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. registry.Groups().Select(g => (JsonNode)Group(g.Group, g.Versions, withKind: false))]),
    };

    public static JsonObject? Group(ResourceRegistry registry, string group)
    {
        var found = registry.Groups().FirstOrDefault(g => g.Group == group);
        return found.Group is null ? null : Group(found.Group, found.Versions, withKind: true);
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions, bool withKind)
    {
        var group = new JsonObject();
        if (withKind)
        {
            group["kind"] = "APIGroup";
            group["apiVersion"] = "v1";
        }
        group["name"] = name;
        group["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v })]);
        group["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{name}/{versions[0]}", ["version"] = versions[0] };
        return group;
    }

    public static JsonObject? ResourceList(ResourceRegistry registry, string group, string version)
    {
        var types = registry.InGroupVersion(group, version).ToList();
        if (types.Count == 0)
        {
            return null;
        }
        var resources = new JsonArray();
        foreach (var t in types)
        {
            var entry = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = t.CreateOnly ? new JsonArray("create") : new JsonArray([.. ResourceVerbs.Select(v => (JsonNode)v)]),
            };
            if (t.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. t.ShortNames.Select(s => (JsonNode)s)]);
            }
            if (t.Categories.Count > 0)
            {
                entry["categories"] = new JsonArray([.. t.Categories.Select(s => (JsonNode)s)]);
            }
            resources.Add(entry);
            if (t.HasStatus)
            {
                resources.Add(Subresource(t, "status", "get", "patch", "update"));
            }
            foreach (var sub in t.ExtraSubresources)
            {
                resources.Add(sub switch
                {
                    "log" => Subresource(t, sub, "get"),
                    "token" => Grouped(Subresource(t, sub, "create"), "authentication.k8s.io", "TokenRequest"),
                    _ => Subresource(t, sub, "update"),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    /// <summary>A subresource whose kind lives in another group (serviceaccounts/token is an authentication.k8s.io/v1 TokenRequest).</summary>
    private static JsonObject Grouped(JsonObject subresource, string group, string kind)
    {
        subresource["group"] = group;
        subresource["version"] = "v1";
        subresource["kind"] = kind;
        return subresource;
    }

    private static JsonObject Subresource(ResourceType t, string name, params string[] verbs) => new()
    {
        ["name"] = $"{t.Plural}/{name}",
        ["singularName"] = "",
        ["namespaced"] = t.Namespaced,
        ["kind"] = name == "log" ? "Pod" : t.Kind,
        ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
    };
}
