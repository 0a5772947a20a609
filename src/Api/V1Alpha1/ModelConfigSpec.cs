using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesValidation("self.provider != 'anthropic' || has(self.apiKeySecretRef)", "the anthropic provider needs apiKeySecretRef", FieldPath = ".apiKeySecretRef")]
public sealed class ModelConfigSpec
{
    [JsonPropertyName("provider")]
    [Description("openai: any OpenAI-compatible chat completions endpoint (OpenAI, Ollama, vLLM, LiteLLM); anthropic: Anthropic's Messages API.")]
    [DefaultValue(ModelProvider.OpenAI)]
    public ModelProvider Provider { get; set; } = ModelProvider.OpenAI;

    [JsonPropertyName("baseUrl")]
    [Description("Endpoint URL, e.g. http://ollama.ollama:11434/v1; default https://api.openai.com/v1 (openai) or https://api.anthropic.com (anthropic). Agents may reach only this host.")]
    [MaxLength(2048)]
    [RegularExpression("^https?://[^\\s/?#]+(/[^\\s?#]*)?$")]
    public string? BaseUrl { get; set; }

    [JsonPropertyName("model")]
    [Description("Model name, e.g. gpt-4.1-mini, llama3.2 or claude-sonnet-4-5.")]
    [Required, MinLength(1), MaxLength(256)]
    public string Model { get; set; } = "";

    [JsonPropertyName("apiKeySecretRef")]
    [Description("The Secret key holding the API key, in the agent's namespace; given to the agent's container only (the operator never reads it). Unset for endpoints without keys (a local Ollama).")]
    public V1SecretKeySelector? ApiKeySecretRef { get; set; }

    [JsonPropertyName("temperature")]
    [Description("Sampling temperature; the endpoint's default when unset.")]
    [Range(0.0, 2.0)]
    public double? Temperature { get; set; }

    [JsonPropertyName("maxOutputTokens")]
    [Description("Most tokens the model may produce per turn; the endpoint's default when unset (anthropic requires one: 4096 then).")]
    [Range(1, 1000000)]
    public int? MaxOutputTokens { get; set; }
}
