using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Hosting;
using DynamoMcp.LocalCluster.Resources;
using DynamoMcp.LocalCluster.Storage;

namespace DynamoMcp.LocalCluster.Authorization;

/// <summary>
/// RBAC as apiserver evaluates it: ClusterRoleBindings grant everywhere, RoleBindings in their namespace
/// (to a Role there or a ClusterRole); rules match verbs, apiGroups, resources (incl. <c>jobs/status</c>) and resourceNames.
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store)
{
    /// <summary>Throws 403 with apiserver's wording unless <paramref name="user"/> may do this.</summary>
    public void Authorize(RequestUser user, string verb, ResourceType type, string ns, string? name, string? subresource)
    {
        if (user.IsAdmin || user.Groups.Contains("system:masters"))
        {
            return;
        }
        var resource = subresource is null ? type.Plural : $"{type.Plural}/{subresource}";
        if (Allows(user, verb, type.Group, resource, ns, name))
        {
            return;
        }
        var subject = name is null ? type.QualifiedPlural : $"{type.QualifiedPlural} \"{name}\"";
        var scope = ns.Length == 0 ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }
        details["kind"] = type.Plural;
        throw new ApiException(403, "Forbidden",
            $"{subject} is forbidden: User \"{user.Name}\" cannot {verb} resource \"{resource}\" in API group \"{type.Group}\" {scope}", details);
    }

    public bool Allows(RequestUser user, string verb, string group, string resource, string ns, string? name)
    {
        foreach (var binding in store.Snapshot(BuiltInResources.ClusterRoleBindings.StorageKey).Items.Values)
        {
            var b = binding.ToJson();
            if (SubjectMatches(b, user, "") && RoleRules(b, "") is { } rules && rules.Any(r => RuleMatches(r, verb, group, resource, name)))
            {
                return true;
            }
        }
        if (ns.Length == 0)
        {
            return false;
        }
        foreach (var binding in store.Snapshot(BuiltInResources.RoleBindings.StorageKey).Items.Values.Where(b => b.Namespace == ns))
        {
            var b = binding.ToJson();
            if (SubjectMatches(b, user, ns) && RoleRules(b, ns) is { } rules && rules.Any(r => RuleMatches(r, verb, group, resource, name)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool SubjectMatches(JsonObject binding, RequestUser user, string bindingNamespace)
    {
        foreach (var s in (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var kind = s["kind"]?.GetValue<string>();
            var name = s["name"]?.GetValue<string>();
            var matched = kind switch
            {
                "User" => name == user.Name,
                "Group" => name is not null && user.Groups.Contains(name),
                "ServiceAccount" => user.Name == $"system:serviceaccount:{s["namespace"]?.GetValue<string>() ?? bindingNamespace}:{name}",
                _ => false,
            };
            if (matched)
            {
                return true;
            }
        }
        return false;
    }

    private IEnumerable<JsonObject>? RoleRules(JsonObject binding, string ns)
    {
        var kind = binding["roleRef"]?["kind"]?.GetValue<string>();
        var name = binding["roleRef"]?["name"]?.GetValue<string>() ?? "";
        var role = kind switch
        {
            "ClusterRole" => store.Get(BuiltInResources.ClusterRoles.StorageKey, "", name),
            "Role" when ns.Length > 0 => store.Get(BuiltInResources.Roles.StorageKey, ns, name),
            _ => null,
        };
        return role is null ? null : (role.ToJson()["rules"] as JsonArray ?? []).OfType<JsonObject>();
    }

    private static bool RuleMatches(JsonObject rule, string verb, string group, string resource, string? name)
    {
        static bool Has(JsonObject rule, string field, string value) =>
            (rule[field] as JsonArray ?? []).Any(v => v?.GetValue<string>() is { } s && (s == "*" || s == value));
        if (!Has(rule, "verbs", verb) || !Has(rule, "apiGroups", group))
        {
            return false;
        }
        var resources = (rule["resources"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToList();
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        var resourceMatches = resources.Any(r => r == "*" || r == resource || (slash > 0 && r == "*" + resource[slash..]));
        if (!resourceMatches)
        {
            return false;
        }
        var names = (rule["resourceNames"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToList();
        return names.Count == 0 || (name is not null && names.Contains(name));
    }
}
