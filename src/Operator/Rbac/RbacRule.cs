namespace DynamoMcp.Operator.Rbac;

/// <summary>One generated policy rule: one apiGroup and one resource, every verb any declaration asked for.</summary>
/// <param name="Resource">The plural, or <c>plural/subresource</c>.</param>
/// <param name="Verbs">Sorted, distinct.</param>
/// <param name="Declarers">The classes that asked (controllers, or the class carrying the attribute), sorted.</param>
/// <param name="Reasons">Why, from the declarations that say so, sorted; written as comments above the rule.</param>
public sealed record RbacRule(
    string ApiGroup,
    string Resource,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> Declarers,
    IReadOnlyList<string> Reasons);
