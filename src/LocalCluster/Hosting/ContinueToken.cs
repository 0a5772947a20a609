using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>An opaque list continuation: the list's revision and the last key returned.</summary>
internal sealed record ContinueToken(long Revision, string StartAfter)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["rv"] = Revision, ["start"] = StartAfter }.ToJsonString()))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ContinueToken Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var json = JsonNode.Parse(Convert.FromBase64String(base64))!;
            return new ContinueToken(json["rv"]!.GetValue<long>(), json["start"]!.GetValue<string>());
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException)
        {
            throw StatusBodies.BadRequest("the continue token is not one this server issued; start a new list without continue");
        }
    }
}
