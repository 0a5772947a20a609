namespace DynamoMcp.Api.Crds;

/// <summary>
/// A CEL rule emitted as <c>x-kubernetes-validations</c> on the schema of the annotated type or property.
/// The API server evaluates it; keep rules cheap (bounded lists and strings) so they pass the CEL cost budget.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class KubernetesValidationAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;

    /// <summary>JSON path of the field the error is reported on (for example <c>.source</c>), relative to the annotated node.</summary>
    public string? FieldPath { get; init; }
}
