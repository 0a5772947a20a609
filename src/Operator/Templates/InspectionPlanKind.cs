namespace DynamoMcp.Operator.Templates;

/// <summary>What a CookiecutterTemplate's inspection needs now (see <see cref="InspectionPlanner"/>).</summary>
public enum InspectionPlanKind
{
    /// <summary>The last inspection covers the current spec and no refresh is due: status stands.</summary>
    UpToDate,

    /// <summary>An inspect Job should exist and does not: create it.</summary>
    Start,

    /// <summary>The inspect Job runs.</summary>
    Running,

    /// <summary>The inspect Job finished: read its result.</summary>
    Finished,
}
