using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Discovery;

/// <summary>
/// OpenAPI v3 as far as kubectl needs it: the index at <c>/openapi/v3</c> and one document per group-version whose
/// PATCH operations carry <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> parameter (so
/// <c>kubectl apply</c> validates server-side), plus each CRD's schema under components (for <c>kubectl explain</c>).
/// Built-in PATCH operations declare no strategic-merge body on purpose: kubectl then builds strategic patches from its
/// compiled-in types, which know every merge key.
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject Index(ResourceRegistry registry, string hash)
    {
        var paths = new JsonObject();
        foreach (var gv in registry.All.SelectMany(t => t.Versions.Select(v => (t.Group, Version: v))).Distinct().OrderBy(x => x.Group).ThenBy(x => x.Version))
        {
            var path = gv.Group.Length == 0 ? $"api/{gv.Version}" : $"apis/{gv.Group}/{gv.Version}";
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(ResourceRegistry registry, string group, string version)
    {
        var types = registry.InGroupVersion(group, version).ToList();
        if (types.Count == 0)
        {
            return null;
        }
        var paths = new JsonObject();
        var schemas = new JsonObject();
        var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        foreach (var t in types)
        {
            var gvk = new JsonObject { ["group"] = t.Group, ["version"] = version, ["kind"] = t.Kind };
            var objectPath = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}/{{name}}" : $"{prefix}/{t.Plural}/{{name}}";
            paths[objectPath] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{t.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = gvk,
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "force", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "boolean" } }),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
            if (t.Schemas.TryGetValue(version, out var schema))
            {
                var s = (JsonObject)schema.DeepClone();
                s["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone());
                var name = $"{string.Join('.', t.Group.Split('.').Reverse())}.{version}.{t.Kind}";
                schemas[name] = s;
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0-localcluster" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }
}
