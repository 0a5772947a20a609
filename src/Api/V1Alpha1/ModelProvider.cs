using System.ComponentModel;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

// EnumMember is for KubernetesYaml (YamlDotNet); JsonStringEnumMemberName for System.Text.Json.
[Description("The API an LLM endpoint speaks.")]
[JsonConverter(typeof(JsonStringEnumConverter<ModelProvider>))]
public enum ModelProvider
{
    /// <summary>The OpenAI chat completions API, as OpenAI, Ollama, vLLM and LiteLLM serve it.</summary>
    [JsonStringEnumMemberName("openai"), EnumMember(Value = "openai")]
    OpenAI,

    /// <summary>Anthropic's Messages API.</summary>
    [JsonStringEnumMemberName("anthropic"), EnumMember(Value = "anthropic")]
    Anthropic,
}
