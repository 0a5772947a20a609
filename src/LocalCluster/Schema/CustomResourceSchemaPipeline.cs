using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Schema;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Schema;

/// <summary>
/// Where a custom resource meets its CRD's openAPIV3Schema on every write, in apiserver's order: prune unknown
/// fields, apply defaults, validate (422 with causes). With <c>fieldValidation=Strict</c> (kubectl's default) a
/// pruned field is an error instead, worded as apiserver's strict decoding error.
/// </summary>
internal static class CustomResourceSchemaPipeline
{
    public static void Admit(ResourceType type, string version, string name, JsonObject obj, string? fieldValidation)
    {
        if (!type.IsCustom || !type.Schemas.TryGetValue(version, out var schema))
        {
            return;
        }
        var pruned = SchemaPruner.Prune(obj, schema);
        if (pruned.Count > 0 && fieldValidation == "Strict")
        {
            var unknown = string.Join(", ", pruned.Select(p => $"unknown field \"{p}\""));
            throw StatusBodies.BadRequest($"{type.Kind} in version \"{version}\" cannot be handled as a {type.Kind}: strict decoding error: {unknown}");
        }
        SchemaDefaulter.ApplyDefaults(obj, schema);
        var errors = SchemaValidator.Validate(obj, schema);
        if (errors.Count > 0)
        {
            throw StatusBodies.Invalid(type, name, [.. errors.Select(e => new FieldError(e.Reason, e.Field, e.Body))]);
        }
    }
}
