using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Schema;

/// <summary>
/// Where a custom resource meets its CRD's openAPIV3Schema on every write: pruning of unknown fields,
/// defaulting, then validation (422 with causes). The schema engine itself lives in src/Api/Schema
/// (branch api); until it is merged this admits every object unchanged.
/// </summary>
internal static class CustomResourceSchemaPipeline
{
    public static IReadOnlyList<FieldError> Admit(ResourceType type, string version, JsonObject obj)
    {
        if (!type.IsCustom || !type.Schemas.TryGetValue(version, out var schema))
        {
            return [];
        }
        _ = schema;
        _ = obj;
        return [];
    }
}
