using DynamoMcp.Runtime.Informers;

namespace DynamoMcp.Runtime.Controllers;

/// <summary>What a <see cref="ControllerBuilder{TEntity}"/> collected: how to build one controller (built by the runtime, not by hand).</summary>
public sealed record ControllerDefinition(
    string Name,
    Type EntityType,
    Type ControllerType,
    int? Workers,
    IReadOnlyList<Type> FinalizerTypes,
    IReadOnlyList<Action<InformerRegistry, Action<ObjectKey>>> Sources);
