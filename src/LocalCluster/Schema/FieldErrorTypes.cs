namespace DynamoMcp.LocalCluster.Schema;

/// <summary>The error type texts of apimachinery's field.ErrorType (what <c>ErrorType.String()</c> returns).</summary>
public static class FieldErrorTypes
{
    public const string NotFound = "Not found";
    public const string Required = "Required value";
    public const string Duplicate = "Duplicate value";
    public const string Invalid = "Invalid value";
    public const string NotSupported = "Unsupported value";
    public const string Forbidden = "Forbidden";
    public const string TooLong = "Too long";
    public const string TooMany = "Too many";
    public const string Internal = "Internal error";

    /// <summary>Maps a type text to the CauseType Kubernetes puts in status.details.causes[].reason.</summary>
    public static string ToCauseType(string type) => type switch
    {
        NotFound => "FieldValueNotFound",
        Required => "FieldValueRequired",
        Duplicate => "FieldValueDuplicate",
        NotSupported => "FieldValueNotSupported",
        Forbidden => "FieldValueForbidden",
        TooLong => "FieldValueTooLong",
        TooMany => "FieldValueTooMany",
        Internal => "InternalError",
        _ => "FieldValueInvalid",
    };
}
