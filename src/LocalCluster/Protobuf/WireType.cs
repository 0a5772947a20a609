namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>The protobuf wire types: how a field's bytes are laid out, which is all a reader needs to skip a field it does not know.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
