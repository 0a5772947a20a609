using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Templates;

/// <summary>What a successful inspection found, before overrides.</summary>
public sealed record InspectedTemplate(string Revision, IReadOnlyList<TemplateVariable> Variables, IDictionary<string, object?> Schema);
