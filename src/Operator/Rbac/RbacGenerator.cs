using System.Reflection;
using System.Text.RegularExpressions;
using DynamoMcp.Operator.Cli;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Controllers;

namespace DynamoMcp.Operator.Rbac;

/// <summary>
/// Turns the RBAC declarations of the operator and the runtime into least-privilege rules: the
/// <see cref="EntityRbacAttribute"/>s on every class and assembly, and for each kind a controller reconciles
/// (<see cref="IEntityController{TEntity}"/>) what <see cref="ReconciledEntityRbacAttribute"/> asks for. Rules are
/// merged per apiGroup, resource and resourceNames, and sorted, so the output depends on the declarations only.
/// </summary>
public static partial class RbacGenerator
{
    /// <summary>The assemblies whose declarations make the operator's roles: the operator and its runtime.</summary>
    public static IReadOnlyList<Assembly> OperatorAssemblies { get; } =
        [typeof(OperatorCommandLine).Assembly, typeof(EntityRbacAttribute).Assembly];

    public static IReadOnlyList<RbacRule> Rules(RbacScope scope) => Rules(OperatorAssemblies, scope);

    public static IReadOnlyList<RbacRule> Rules(IEnumerable<Assembly> assemblies, RbacScope scope)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var list = assemblies.Distinct().ToList();
        return Rules(
            list.SelectMany(a => a.GetTypes()).ToList(),
            list.SelectMany(a => a.GetCustomAttributes<EntityRbacAttribute>().Select(d => (a.GetName().Name!, d))).ToList(),
            list.SelectMany(a => a.GetCustomAttributes<ReconciledEntityRbacAttribute>()).ToList(),
            scope);
    }

    /// <summary>The rules for <paramref name="scope"/> from classes (their attributes) and assembly-level declarations.</summary>
    public static IReadOnlyList<RbacRule> Rules(
        IReadOnlyCollection<Type> types,
        IReadOnlyCollection<(string Assembly, EntityRbacAttribute Declaration)> assemblyDeclarations,
        IReadOnlyCollection<ReconciledEntityRbacAttribute> reconciled,
        RbacScope scope)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(assemblyDeclarations);
        ArgumentNullException.ThrowIfNull(reconciled);

        var grants = new List<Grant>();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var declaration in type.GetCustomAttributes<EntityRbacAttribute>(inherit: false))
            {
                grants.AddRange(Expand(declaration, type.Name, type.FullName ?? type.Name));
            }

            foreach (var entity in ReconciledKinds(type))
            {
                foreach (var declaration in reconciled)
                {
                    grants.Add(Check(
                        new Grant(entity, declaration.Subresource, [], declaration.Verbs, RbacScope.Cluster, type.Name, declaration.Reason),
                        $"[assembly: ReconciledEntityRbac] ({declaration.Reason})"));
                }
            }
        }

        foreach (var (assembly, declaration) in assemblyDeclarations)
        {
            grants.AddRange(Expand(declaration, declarer: null, $"[assembly: EntityRbac] of {assembly}"));
        }

        return
        [
            .. grants.Where(g => g.Scope == scope)
                .Select(g => (Kind: ResourceKind.Of(g.Entity), Grant: g))
                .GroupBy(x => (x.Kind.Group, Resource: Resource(x.Kind, x.Grant.Subresource), Names: string.Join(',', x.Grant.ResourceNames)))
                .Select(g => new RbacRule(
                    g.Key.Group,
                    g.Key.Resource,
                    g.First().Grant.ResourceNames,
                    VerbNames(g.Aggregate(RbacVerbs.None, (verbs, x) => verbs | x.Grant.Verbs)),
                    [.. g.Select(x => x.Grant.Declarer).OfType<string>().Distinct().Order(StringComparer.Ordinal)],
                    [.. g.Select(x => x.Grant.Reason).OfType<string>().Distinct().Order(StringComparer.Ordinal)]))
                .OrderBy(r => r.ApiGroup, StringComparer.Ordinal)
                .ThenBy(r => r.Resource, StringComparer.Ordinal)
                .ThenBy(r => string.Join(',', r.ResourceNames), StringComparer.Ordinal),
        ];
    }

    /// <summary>Verb names as RBAC spells them, sorted.</summary>
    public static IReadOnlyList<string> VerbNames(RbacVerbs verbs) =>
    [
        .. Enum.GetValues<RbacVerbs>()
            .Where(v => v != RbacVerbs.None && (v & (v - 1)) == 0 && verbs.HasFlag(v))
            .Select(v => v.ToString().ToLowerInvariant())
            .Order(StringComparer.Ordinal),
    ];

    private static IEnumerable<Type> ReconciledKinds(Type type) =>
        type.IsAbstract || type.IsInterface
            ? []
            : type.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityController<>))
                .Select(i => i.GetGenericArguments()[0]);

    /// <param name="declarer">The class that declared it, null for an assembly: then only the reason says who needs it.</param>
    private static IEnumerable<Grant> Expand(EntityRbacAttribute declaration, string? declarer, string where)
    {
        if (declaration.Entities.Count == 0)
        {
            throw new InvalidOperationException($"[EntityRbac] on {where} names no kind; pass the entity types, e.g. [EntityRbac(typeof(V1Job), Verbs = ...)].");
        }

        if (declarer is null && string.IsNullOrWhiteSpace(declaration.Reason))
        {
            throw new InvalidOperationException($"The {where} for {string.Join(", ", declaration.Entities.Select(e => e.Name))} has no Reason; say which code needs the access.");
        }

        return declaration.Entities.Select(entity => Check(
            new Grant(entity, declaration.Subresource, [.. declaration.ResourceNames.Order(StringComparer.Ordinal)], declaration.Verbs, declaration.Scope, declarer, declaration.Reason),
            where));
    }

    private static Grant Check(Grant grant, string where)
    {
        if (grant.Verbs == RbacVerbs.None)
        {
            throw new InvalidOperationException($"RBAC declaration on {where} for {grant.Entity.Name} grants no verbs; set Verbs.");
        }

        if (grant.Subresource is { } sub && !SubresourceName().IsMatch(sub))
        {
            throw new InvalidOperationException($"RBAC declaration on {where} for {grant.Entity.Name}: subresource '{sub}' is not a lowercase name (e.g. status, log).");
        }

        if (grant.ResourceNames.Count > 0 && (grant.Verbs & (RbacVerbs.Create | RbacVerbs.List | RbacVerbs.Watch)) != 0)
        {
            throw new InvalidOperationException(
                $"RBAC declaration on {where} for {grant.Entity.Name} limits {string.Join(", ", VerbNames(grant.Verbs & (RbacVerbs.Create | RbacVerbs.List | RbacVerbs.Watch)))} to resourceNames, " +
                "which RBAC cannot do (the name is not part of those requests); declare those verbs without ResourceNames.");
        }

        return grant;
    }

    private static string Resource(ResourceKind kind, string? subresource) =>
        subresource is null ? kind.Plural : $"{kind.Plural}/{subresource}";

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex SubresourceName();

    private sealed record Grant(
        Type Entity, string? Subresource, IReadOnlyList<string> ResourceNames, RbacVerbs Verbs, RbacScope Scope, string? Declarer, string? Reason);
}
