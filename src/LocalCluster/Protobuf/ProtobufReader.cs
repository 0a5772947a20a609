using System.Text;

namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>
/// Reads protobuf wire format field by field. Callers switch on the field number and call <see cref="Skip"/> for any
/// number they do not know, so newer clients that send extra fields still decode.
/// </summary>
internal sealed class ProtobufReader(ReadOnlyMemory<byte> data)
{
    // Groups are obsolete and never used by Kubernetes; the limit only stops a hostile body from recursing forever.
    private const int MaxGroupDepth = 32;

    private readonly ReadOnlyMemory<byte> _data = data;
    private int _position;

    public bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (AtEnd)
        {
            field = 0;
            wireType = default;
            return false;
        }
        var tag = ReadVarint();
        var number = tag >> 3;
        var type = (int)(tag & 7);
        if (number is 0 or > 536_870_911)
        {
            throw new ProtobufFormatException($"field number {number} at byte {_position} of its message is outside the valid range 1..536870911");
        }
        if (type > 5)
        {
            throw new ProtobufFormatException($"field {number} has wire type {type}, which does not exist");
        }
        field = (int)number;
        wireType = (WireType)type;
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        var span = _data.Span;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw new ProtobufFormatException($"the body ends inside a varint at byte {_position} of its message");
            }
            var b = span[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new ProtobufFormatException($"a varint ending at byte {_position} of its message is longer than 10 bytes");
    }

    public long ReadInt64() => (long)ReadVarint();

    public bool ReadBool() => ReadVarint() != 0;

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new ProtobufFormatException($"a length-delimited field at byte {_position} of its message claims {length} bytes but only {_data.Length - _position} remain");
        }
        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes().Span);

    /// <summary>A reader over the next length-delimited field: an embedded message.</summary>
    public ProtobufReader ReadMessage() => new(ReadBytes());

    public void Skip(int field, WireType wireType) => Skip(field, wireType, 0);

    private void Skip(int field, WireType wireType, int depth)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Advance(8, field);
                break;
            case WireType.Fixed32:
                Advance(4, field);
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.StartGroup:
                if (depth >= MaxGroupDepth)
                {
                    throw new ProtobufFormatException($"groups are nested more than {MaxGroupDepth} deep");
                }
                while (true)
                {
                    if (!TryReadTag(out var inner, out var innerType))
                    {
                        throw new ProtobufFormatException($"the body ends inside group {field}");
                    }
                    if (innerType == WireType.EndGroup)
                    {
                        if (inner != field)
                        {
                            throw new ProtobufFormatException($"group {field} is closed by an end-group tag for field {inner}");
                        }
                        return;
                    }
                    Skip(inner, innerType, depth + 1);
                }
            case WireType.EndGroup:
                throw new ProtobufFormatException($"an end-group tag for field {field} has no matching start");
        }
    }

    private void Advance(int count, int field)
    {
        if (_data.Length - _position < count)
        {
            throw new ProtobufFormatException($"the body ends inside the {count}-byte field {field}");
        }
        _position += count;
    }
}
