using System.Text;

namespace DynamoMcp.LocalCluster.Tests.Protobuf;

/// <summary>Builds protobuf wire bytes by hand, so tests can send exactly the fields (known, unknown, broken) they mean to.</summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtobufWriter Varint(int field, ulong value) => Tag(field, 0).Raw(value);

    public ProtobufWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2).Raw((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    public ProtobufWriter MapEntry(int field, string key, string value) => Message(field, new ProtobufWriter().String(1, key).String(2, value));

    public ProtobufWriter Fixed64(int field, ulong value)
    {
        Tag(field, 1);
        _buffer.Write(BitConverter.GetBytes(value));
        return this;
    }

    public ProtobufWriter Fixed32(int field, uint value)
    {
        Tag(field, 5);
        _buffer.Write(BitConverter.GetBytes(value));
        return this;
    }

    public ProtobufWriter Group(int field, ProtobufWriter body)
    {
        Tag(field, 3);
        _buffer.Write(body.ToArray());
        return Tag(field, 4);
    }

    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>"k8s\0" then a runtime.Unknown around <paramref name="raw"/>.</summary>
    public static byte[] Envelope(string apiVersion, string kind, ProtobufWriter raw)
    {
        var unknown = new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, apiVersion).String(2, kind))
            .Bytes(2, raw.ToArray())
            .String(3, "")
            .String(4, "");
        return [0x6b, 0x38, 0x73, 0x00, .. unknown.ToArray()];
    }

    private ProtobufWriter Tag(int field, int wireType) => Raw(((ulong)field << 3) | (uint)wireType);

    private ProtobufWriter Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
        return this;
    }
}
