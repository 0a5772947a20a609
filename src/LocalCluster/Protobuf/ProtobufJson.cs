using System.Globalization;
using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>Writes decoded fields the way Kubernetes JSON does: empty strings and zero numbers left out (omitempty), bytes as base64, times as RFC 3339.</summary>
internal static class ProtobufJson
{
    // Go's generated marshallers always write non-pointer strings, even empty ones; JSON would omit them.
    public static void SetString(JsonObject target, string name, string value)
    {
        if (value.Length > 0)
        {
            target[name] = value;
        }
    }

    public static void Append(JsonObject target, string name, JsonNode? item)
    {
        if (target[name] is not JsonArray array)
        {
            array = [];
            target[name] = array;
        }
        array.Add(item);
    }

    public static void SetObject(JsonObject target, string name, JsonObject value)
    {
        if (value.Count > 0)
        {
            target[name] = value;
        }
    }

    /// <summary>
    /// Reads a message whose fields are all strings: field n (1-based) goes to <paramref name="names"/>[n - 1] through
    /// <paramref name="store"/> (set, set-unless-empty or append); other fields are skipped.
    /// </summary>
    public static JsonObject StringFields(ProtobufReader r, JsonObject target, string[] names, Action<JsonObject, string, string> store)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            if (wireType == WireType.LengthDelimited && field >= 1 && field <= names.Length)
            {
                store(target, names[field - 1], r.ReadString());
            }
            else
            {
                r.Skip(field, wireType);
            }
        }
        return target;
    }

    /// <summary>Reads one entry of a protobuf map (a message {1: key, 2: value}) into <paramref name="name"/>; bytes values become base64 as Kubernetes JSON writes <c>[]byte</c>.</summary>
    public static void MapEntry(JsonObject target, string name, ProtobufReader entry, bool bytesValue = false)
    {
        var key = "";
        JsonNode value = bytesValue ? Convert.ToBase64String([]) : "";
        while (entry.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    key = entry.ReadString();
                    break;
                case (2, WireType.LengthDelimited):
                    value = bytesValue ? Convert.ToBase64String(entry.ReadBytes().Span) : entry.ReadString();
                    break;
                default:
                    entry.Skip(field, wireType);
                    break;
            }
        }
        if (target[name] is not JsonObject map)
        {
            map = [];
            target[name] = map;
        }
        map[key] = value;
    }

    /// <summary>metav1.Time {1: seconds, 2: nanos} as RFC 3339 in UTC, or null for Go's zero time, which JSON writes as null.</summary>
    public static string? Time(ProtobufReader message)
    {
        long seconds = 0;
        long nanos = 0;
        while (message.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.Varint):
                    seconds = message.ReadInt64();
                    break;
                case (2, WireType.Varint):
                    nanos = (int)message.ReadVarint();
                    break;
                default:
                    message.Skip(field, wireType);
                    break;
            }
        }
        // Go's zero time.Time is year 1; anything at or before it (or outside DateTimeOffset's range) means "unset".
        const long YearOneUnixSeconds = -62_135_596_800;
        if ((seconds == 0 && nanos == 0) || seconds <= YearOneUnixSeconds || seconds > 253_402_300_799)
        {
            return null;
        }
        return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
