using System.Reflection;
using k8s.Models;

namespace DynamoMcp.Runtime.Client;

/// <summary>Where a kind lives on the API server, read from its <see cref="KubernetesEntityAttribute"/>.</summary>
public sealed record ResourceKind(string Group, string Version, string Kind, string Plural)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public static ResourceKind Of<T>() => Of(typeof(T));

    public static ResourceKind Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var attribute = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException(
                $"{type.Name} has no [KubernetesEntity] attribute: add one with Group, ApiVersion, Kind and PluralName so the runtime knows where to list and watch it.");
        return new ResourceKind(attribute.Group ?? string.Empty, attribute.ApiVersion, attribute.Kind, attribute.PluralName);
    }
}
