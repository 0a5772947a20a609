using DynamoMcp.LocalCluster.Protobuf;

namespace DynamoMcp.LocalCluster.Tests.Protobuf;

public sealed class ProtobufReaderTests
{
    [Fact]
    public void Skips_every_wire_type_it_does_not_know_and_reads_the_fields_after_them()
    {
        var bytes = new ProtobufWriter()
            .Varint(90, 300)
            .Fixed64(91, ulong.MaxValue)
            .Fixed32(92, 7)
            .String(93, "ignored")
            .Group(94, new ProtobufWriter().Varint(1, 5).Group(2, new ProtobufWriter().String(3, "deep")))
            .String(1, "kept")
            .ToArray();
        var reader = new ProtobufReader(bytes);
        string? kept = null;
        var seen = new List<int>();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            seen.Add(field);
            if (field == 1)
            {
                kept = reader.ReadString();
            }
            else
            {
                reader.Skip(field, wireType);
            }
        }
        seen.Should().Equal(90, 91, 92, 93, 94, 1);
        kept.Should().Be("kept");
    }

    [Fact]
    public void Reads_multi_byte_varints()
    {
        var reader = new ProtobufReader(new ProtobufWriter().Varint(1, 1_700_000_000_123).ToArray());
        reader.TryReadTag(out var field, out var wireType).Should().BeTrue();
        (field, wireType).Should().Be((1, WireType.Varint));
        reader.ReadInt64().Should().Be(1_700_000_000_123);
        reader.AtEnd.Should().BeTrue();
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x61, 0x62 }, "claims 5 bytes but only 2 remain")]
    [InlineData(new byte[] { 0x08, 0x80 }, "ends inside a varint")]
    [InlineData(new byte[] { 0x09, 0x01, 0x02 }, "ends inside the 8-byte field 1")]
    [InlineData(new byte[] { 0x0D, 0x01 }, "ends inside the 4-byte field 1")]
    [InlineData(new byte[] { 0x0B, 0x08, 0x01 }, "ends inside group 1")]
    [InlineData(new byte[] { 0x0C }, "no matching start")]
    [InlineData(new byte[] { 0x0F }, "wire type 7")]
    [InlineData(new byte[] { 0x02, 0x00 }, "field number 0")]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "longer than 10 bytes")]
    public void Malformed_input_fails_with_a_message_saying_what_is_wrong(byte[] bytes, string expected)
    {
        var reader = new ProtobufReader(bytes);
        var act = () =>
        {
            while (reader.TryReadTag(out var field, out var wireType))
            {
                reader.Skip(field, wireType);
            }
        };
        act.Should().Throw<ProtobufFormatException>().WithMessage($"*{expected}*");
    }
}
