namespace DynamoMcp.Runtime.Controllers;

/// <summary>Declares the API access a controller needs (KubeOps' EntityRbac); read by the RBAC generator.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class EntityRbacAttribute(params Type[] entities) : Attribute
{
    public IReadOnlyList<Type> Entities { get; } = entities;

    public RbacVerbs Verbs { get; init; } = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch;
}
