using System.Text.Json.Serialization;

namespace DynamoMcp.PackageDocs.Models;

/// <summary>The package registries PackageDocs reads; in JSON <c>pypi</c> and <c>npm</c>, as the tools take them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Ecosystem>))]
public enum Ecosystem
{
    [JsonStringEnumMemberName("pypi")]
    PyPi,

    [JsonStringEnumMemberName("npm")]
    Npm,
}
