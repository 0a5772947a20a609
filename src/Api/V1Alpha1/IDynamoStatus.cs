using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

/// <summary>The status fields every Dynamo MCP kind shares (kstatus: observedGeneration + conditions).</summary>
public interface IDynamoStatus
{
    long? ObservedGeneration { get; set; }

    IList<V1Condition> Conditions { get; set; }
}
