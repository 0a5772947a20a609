namespace DynamoMcp.Api.Agents;

/// <summary>How an agent's run ended: the <c>outcome</c> of its result event, and the reason of its conditions.</summary>
public static class AgentOutcomes
{
    /// <summary>The model gave its final answer.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>It would spend more tokens than its budget.</summary>
    public const string BudgetExceeded = "BudgetExceeded";

    /// <summary>It reached maxTurns without a final answer.</summary>
    public const string MaxTurnsExceeded = "MaxTurnsExceeded";

    /// <summary>It ran past its deadline (timeoutSeconds, or its parent's).</summary>
    public const string DeadlineExceeded = "DeadlineExceeded";

    /// <summary>The model endpoint failed or answered with something unusable.</summary>
    public const string ModelError = "ModelError";

    /// <summary>The bridge could not be reached or refused the credential.</summary>
    public const string BridgeUnavailable = "BridgeUnavailable";
}
