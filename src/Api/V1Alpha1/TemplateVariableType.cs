using System.ComponentModel;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

// EnumMember is for KubernetesYaml (YamlDotNet); JsonStringEnumMemberName for System.Text.Json.
[Description("Kind of value a template variable takes.")]
[JsonConverter(typeof(JsonStringEnumConverter<TemplateVariableType>))]
public enum TemplateVariableType
{
    [JsonStringEnumMemberName("string"), EnumMember(Value = "string")]
    String,

    [JsonStringEnumMemberName("boolean"), EnumMember(Value = "boolean")]
    Boolean,

    [JsonStringEnumMemberName("integer"), EnumMember(Value = "integer")]
    Integer,

    [JsonStringEnumMemberName("number"), EnumMember(Value = "number")]
    Number,

    [JsonStringEnumMemberName("choice"), EnumMember(Value = "choice")]
    Choice,

    [JsonStringEnumMemberName("object"), EnumMember(Value = "object")]
    Object,

    [JsonStringEnumMemberName("array"), EnumMember(Value = "array")]
    Array,
}
