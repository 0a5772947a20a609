using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;
using DynamoMcp.LocalCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>Writes JSON answers; stored objects go out as their stored bytes when no rewrite is needed.</summary>
internal static class ResponseWriter
{
    public static async Task WriteJsonAsync(HttpResponse response, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        body.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    public static async Task WriteObjectAsync(HttpResponse response, int statusCode, StoredObject obj, ResourceType type, string version, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        await response.BodyWriter.WriteAsync(Bytes(obj, type, version), cancellationToken);
    }

    /// <summary>The object's JSON as seen through <paramref name="version"/> (custom resources are stored once, served under every version).</summary>
    public static byte[] Bytes(StoredObject obj, ResourceType type, string version)
    {
        if (type.Versions.Count == 1)
        {
            return obj.Json;
        }
        var json = obj.ToJson();
        json["apiVersion"] = type.ApiVersion(version);
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }

    public static JsonObject Json(StoredObject obj, ResourceType type, string version)
    {
        var json = obj.ToJson();
        json["apiVersion"] = type.ApiVersion(version);
        return json;
    }
}
