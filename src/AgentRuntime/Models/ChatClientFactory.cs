using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using DynamoMcp.AgentRuntime.Configuration;
using DynamoMcp.Api.Agents;
using Microsoft.Extensions.AI;
using OpenAI;

namespace DynamoMcp.AgentRuntime.Models;

/// <summary>
/// The model endpoint of a config as an <see cref="IChatClient"/>. The SDKs' own retries are off: the loop retries a
/// failed call once itself, and the deadline bounds every call.
/// </summary>
internal static class ChatClientFactory
{
    public static IChatClient Create(AgentRunConfig config, string? apiKey) => config.Provider switch
    {
        AgentConfigLoader.OpenAiProvider => CreateOpenAi(config, apiKey),
        AgentConfigLoader.AnthropicProvider => CreateAnthropic(config, apiKey),
        _ => throw new ArgumentException($"provider `{config.Provider}` is not supported", nameof(config)),
    };

    /// <summary>An OpenAI-compatible endpoint; <see cref="AgentRunConfig.Endpoint"/> is the base URL (requests go to <c>{endpoint}/chat/completions</c>).</summary>
    private static IChatClient CreateOpenAi(AgentRunConfig config, string? apiKey)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(config.Endpoint),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        return new OpenAI.Chat.ChatClient(config.Model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "unused" : apiKey), options).AsIChatClient();
    }

    private static IChatClient CreateAnthropic(AgentRunConfig config, string? apiKey)
    {
#pragma warning disable CA2000 // The chat client wraps the Anthropic client for the whole run.
        var client = new AnthropicClient(new ClientOptions
        {
            ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey,
            BaseUrl = config.Endpoint,
            MaxRetries = 0,
        });
#pragma warning restore CA2000
        return client.AsIChatClient(config.Model, config.MaxOutputTokens);
    }
}
