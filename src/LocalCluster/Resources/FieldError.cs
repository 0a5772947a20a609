namespace DynamoMcp.LocalCluster.Resources;

/// <summary>One problem with one field, as listed in a 422 Status's <c>details.causes</c>.</summary>
/// <param name="Reason">Kubernetes cause type, e.g. <c>FieldValueRequired</c>, <c>FieldValueInvalid</c>.</param>
/// <param name="Field">Path of the field, e.g. <c>spec.replicas</c>.</param>
/// <param name="Message">What is wrong, e.g. <c>Required value</c>.</param>
internal sealed record FieldError(string Reason, string Field, string Message)
{
    public static FieldError Required(string field, string? detail = null) =>
        new("FieldValueRequired", field, detail is null ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: \"{value}\": {detail}");
}
