using System.Text.Json;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>
/// Turns the data of the API key Secret into identities. A bad entry is skipped with a problem that names it and
/// says how to fix it, so one typo locks out only that identity.
/// </summary>
public static class ApiKeySecretParser
{
    public const string ExpectedFormat = """{"sha256": "<64 lower-case hex digits: SHA-256 of the key>", "namespace": "<namespace>", "user": "<optional>", "groups": ["<optional>"]}""";

    public sealed record ParsedKey(byte[] Hash, BridgeIdentity Identity);

    public sealed record Result(IReadOnlyList<ParsedKey> Keys, IReadOnlyList<string> Problems);

    public static Result Parse(IEnumerable<KeyValuePair<string, byte[]>> data)
    {
        var keys = new List<ParsedKey>();
        var problems = new List<string>();
        foreach (var (identity, bytes) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var problem = TryParse(identity, bytes, out var key);
            if (key is not null)
            {
                keys.Add(key);
            }
            else
            {
                problems.Add($"API key entry '{identity}' ignored: {problem}. Expected {ExpectedFormat}.");
            }
        }

        return new Result(keys, problems);
    }

    private static string? TryParse(string identity, byte[] bytes, out ParsedKey? key)
    {
        key = null;
        ApiKeyEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize<ApiKeyEntry>(bytes);
        }
        catch (JsonException e)
        {
            return $"its value is not a JSON object in the expected form ({e.Message})";
        }

        if (entry is null)
        {
            return "its value is JSON null";
        }

        if (string.IsNullOrWhiteSpace(entry.Namespace))
        {
            return "\"namespace\" is missing";
        }

        if (entry.Sha256.Length != 64 || !entry.Sha256.All(char.IsAsciiHexDigit))
        {
            return $"\"sha256\" must be 64 hex digits, not {entry.Sha256.Length} characters";
        }

        var groups = entry.Groups.Where(g => !string.IsNullOrWhiteSpace(g)).ToArray();
        key = new ParsedKey(Convert.FromHexString(entry.Sha256), new BridgeIdentity(identity, entry.Namespace, entry.User ?? identity, groups));
        return null;
    }
}
