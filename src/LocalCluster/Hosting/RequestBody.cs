using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Protobuf;
using DynamoMcp.LocalCluster.Resources;
using Microsoft.AspNetCore.Http;
using YamlDotNet.RepresentationModel;

namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>Reads request bodies as JSON, as YAML when the content type says so (server-side apply sends YAML), or as Kubernetes protobuf for the kinds kubectl's create generators send.</summary>
internal static class RequestBody
{
    public static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return null;
        }
        var contentType = request.ContentType ?? "application/json";
        if (contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return KubernetesProtobuf.Decode(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        if (!contentType.Contains("json", StringComparison.OrdinalIgnoreCase) && !contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
        {
            throw StatusBodies.UnsupportedMediaType(contentType);
        }
        try
        {
            if (contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
            {
                var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                var trimmed = text.TrimStart();
                if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
                {
                    return JsonNode.Parse(text);
                }
                return YamlToJson(text);
            }
            return JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (Exception ex) when (ex is JsonException or YamlDotNet.Core.YamlException)
        {
            throw StatusBodies.BadRequest($"the request body is not valid {(contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase) ? "YAML" : "JSON")}: {ex.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadAsync(request, cancellationToken) as JsonObject
        ?? throw StatusBodies.BadRequest("the request needs a JSON object body (a Kubernetes object with apiVersion, kind and metadata)");

    public static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", Convert(p.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        if (System.Text.RegularExpressions.Regex.IsMatch(value, @"^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$")
            && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }
        return JsonValue.Create(value);
    }
}
