using System.Globalization;
using System.Text.Json;
using DynamoMcp.AgentRuntime.Events;
using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Configuration;

/// <summary>Reads an <see cref="AgentRunConfig"/> and checks every field the runtime relies on, naming the wrong one.</summary>
internal static class AgentConfigLoader
{
    public const string OpenAiProvider = "openai";
    public const string AnthropicProvider = "anthropic";

    /// <summary>Reflection-based, so that fields missing from the JSON keep the contract's defaults (see <see cref="AgentJsonContext"/>).</summary>
    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.General);

    /// <summary>The config read from <paramref name="path"/>, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static AgentRunConfig? Load(string path, out string? error)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read the config file {path}: {e.Message}";
            return null;
        }

        return Parse(json, out error);
    }

    public static AgentRunConfig? Parse(string json, out string? error)
    {
        AgentRunConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<AgentRunConfig>(json, ReadOptions);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } p ? $" at {p}" : "";
            error = $"the config is not a valid AgentRunConfig{where}: {e.Message}";
            return null;
        }

        if (config is null)
        {
            error = "the config is `null`, not an AgentRunConfig object";
            return null;
        }

        error = Validate(config);
        return error is null ? config : null;
    }

    /// <summary>The first problem of <paramref name="config"/> ("field: why"), or null when it is usable.</summary>
    public static string? Validate(AgentRunConfig config)
    {
        if (string.IsNullOrWhiteSpace(config.Goal))
        {
            return "goal: must not be empty";
        }

        if (config.Provider is not (OpenAiProvider or AnthropicProvider))
        {
            return $"provider: `{config.Provider}` is not one of `{OpenAiProvider}`, `{AnthropicProvider}`";
        }

        if (!IsHttpUrl(config.Endpoint))
        {
            return $"endpoint: `{config.Endpoint}` is not an absolute http(s) URL";
        }

        if (string.IsNullOrWhiteSpace(config.Model))
        {
            return "model: must not be empty";
        }

        if (config.Temperature is { } t && (double.IsNaN(t) || t < 0 || t > 2))
        {
            return $"temperature: {t.ToString(CultureInfo.InvariantCulture)} is not between 0 and 2";
        }

        if (config.MaxOutputTokens is <= 0)
        {
            return $"maxOutputTokens: {config.MaxOutputTokens.Value.ToString(CultureInfo.InvariantCulture)} must be positive";
        }

        if (config.MaxTokens is <= 0)
        {
            return $"maxTokens: {config.MaxTokens.Value.ToString(CultureInfo.InvariantCulture)} must be positive (omit it for no limit)";
        }

        if (config.MaxTurns <= 0)
        {
            return $"maxTurns: {config.MaxTurns.ToString(CultureInfo.InvariantCulture)} must be positive";
        }

        if (config.Deadline == default)
        {
            return "deadline: must be set (a UTC time)";
        }

        if (config.Tools is null)
        {
            return "tools: must be a list (empty for none)";
        }

        for (var i = 0; i < config.Tools.Count; i++)
        {
            var pattern = config.Tools[i];
            if (string.IsNullOrWhiteSpace(pattern) || pattern.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != pattern.Length - 1)
            {
                return $"tools[{i.ToString(CultureInfo.InvariantCulture)}]: `{pattern}` is neither a tool name nor a prefix ending in `*`";
            }
        }

        if (config.Tools.Count > 0 && !IsHttpUrl(config.BridgeUrl))
        {
            return $"bridgeUrl: `{config.BridgeUrl}` is not an absolute http(s) URL";
        }

        return null;
    }

    /// <summary>The deadline as a UTC instant (a time without a zone is taken as UTC).</summary>
    public static DateTimeOffset DeadlineUtc(AgentRunConfig config) => config.Deadline.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(config.Deadline.ToUniversalTime()),
        _ => new DateTimeOffset(DateTime.SpecifyKind(config.Deadline, DateTimeKind.Utc)),
    };

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
