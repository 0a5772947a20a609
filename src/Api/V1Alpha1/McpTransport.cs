using System.ComponentModel;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

// EnumMember is for KubernetesYaml (YamlDotNet); JsonStringEnumMemberName for System.Text.Json.
[Description("How an MCP server speaks MCP.")]
[JsonConverter(typeof(JsonStringEnumConverter<McpTransport>))]
public enum McpTransport
{
    [JsonStringEnumMemberName("stdio"), EnumMember(Value = "stdio")]
    Stdio,

    [JsonStringEnumMemberName("streamable-http"), EnumMember(Value = "streamable-http")]
    StreamableHttp,

    [JsonStringEnumMemberName("sse"), EnumMember(Value = "sse")]
    Sse,
}
