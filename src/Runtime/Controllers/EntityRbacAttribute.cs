namespace DynamoMcp.Runtime.Controllers;

/// <summary>
/// Declares API access that a controller (or, at assembly level, the code of that assembly) needs, as KubeOps'
/// EntityRbac does. The operator's <c>generate rbac</c> turns every declaration into config/rbac and the chart's
/// rules, so an access the code makes is declared here, next to that code, and nowhere else.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class EntityRbacAttribute(params Type[] entities) : Attribute
{
    /// <summary>Kinds with a <c>[KubernetesEntity]</c> attribute (their group and plural name the rule).</summary>
    public IReadOnlyList<Type> Entities { get; } = entities;

    public RbacVerbs Verbs { get; init; } = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch;

    /// <summary>A subresource instead of the resource itself, e.g. <c>log</c> for <c>pods/log</c>.</summary>
    public string? Subresource { get; init; }

    /// <summary>Only these objects (RBAC resourceNames); create, list and watch cannot be limited that way.</summary>
    public string[] ResourceNames { get; init; } = [];

    /// <summary>Where the access is granted: every namespace reconciled, or only the operator's own.</summary>
    public RbacScope Scope { get; init; } = RbacScope.Cluster;

    /// <summary>Why the access is needed, written above the generated rule (assembly-level declarations have no class to name).</summary>
    public string? Reason { get; init; }
}
