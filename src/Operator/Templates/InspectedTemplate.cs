using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Templates;

/// <summary>What a successful inspection found, before overrides: revision, the ref it came from, variables, schema and the verified snapshot of the files.</summary>
public sealed record InspectedTemplate(
    string Revision, string? Ref, IReadOnlyList<TemplateVariable> Variables, IDictionary<string, object?> Schema, InspectedSnapshot Snapshot);
