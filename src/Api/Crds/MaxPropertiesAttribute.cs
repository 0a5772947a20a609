namespace DynamoMcp.Api.Crds;

/// <summary>Emits <c>maxProperties</c> on a map (dictionary) property, bounding CEL cost and object size.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxPropertiesAttribute(int maxProperties) : Attribute
{
    public int MaxProperties { get; } = maxProperties;
}
