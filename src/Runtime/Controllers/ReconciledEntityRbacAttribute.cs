namespace DynamoMcp.Runtime.Controllers;

/// <summary>
/// Declares access the runtime itself needs on every kind a controller reconciles (the <c>T</c> of each
/// <see cref="IEntityController{TEntity}"/>), such as writing its status; read by the operator's <c>generate rbac</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ReconciledEntityRbacAttribute : Attribute
{
    public RbacVerbs Verbs { get; init; }

    /// <summary>A subresource of the reconciled kind instead of the kind itself, e.g. <c>status</c>.</summary>
    public string? Subresource { get; init; }

    /// <summary>Why the access is needed, written above the generated rule.</summary>
    public required string Reason { get; init; }
}
