namespace DynamoMcp.Runtime.Children;

/// <summary>What <see cref="ChildApplier"/> did to bring a child to its desired state.</summary>
public enum ChildApplyAction
{
    /// <summary>The child did not exist and was created.</summary>
    Created,

    /// <summary>Our child existed with another spec hash and was replaced, patched or deleted for re-creation.</summary>
    Updated,

    /// <summary>Our child existed with the desired spec hash: no request was made.</summary>
    Unchanged,

    /// <summary>An object of that name exists and is not controlled by the owner: left alone.</summary>
    Conflict,
}
