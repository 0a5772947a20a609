using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Agents;

/// <summary>Checks a ModelConfig beyond its schema and names the endpoint agents call (pure).</summary>
public static class ModelConfigValidation
{
    public const string OpenAIDefault = "https://api.openai.com/v1";
    public const string AnthropicDefault = "https://api.anthropic.com";

    public static string Endpoint(ModelConfigSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return string.IsNullOrWhiteSpace(spec.BaseUrl)
            ? spec.Provider == ModelProvider.Anthropic ? AnthropicDefault : OpenAIDefault
            : spec.BaseUrl.TrimEnd('/');
    }

    /// <summary>Every problem, each naming its field; empty when valid.</summary>
    public static List<string> Problems(ModelConfigSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        if (!Uri.TryCreate(Endpoint(spec), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            problems.Add($"spec.baseUrl '{spec.BaseUrl}' is not an http(s) URL");
        }
        else if (!string.IsNullOrEmpty(url.UserInfo))
        {
            problems.Add("spec.baseUrl carries credentials; put the API key in a Secret and name it in spec.apiKeySecretRef");
        }

        if (string.IsNullOrWhiteSpace(spec.Model))
        {
            problems.Add("spec.model is empty");
        }

        if (spec.Provider == ModelProvider.Anthropic && spec.ApiKeySecretRef is null)
        {
            problems.Add("spec.apiKeySecretRef is required for the anthropic provider");
        }

        if (spec.ApiKeySecretRef is { } key && (string.IsNullOrWhiteSpace(key.Name) || string.IsNullOrWhiteSpace(key.Key)))
        {
            problems.Add("spec.apiKeySecretRef needs both name and key");
        }

        return problems;
    }
}
