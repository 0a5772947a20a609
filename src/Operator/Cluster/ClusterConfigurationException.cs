namespace DynamoMcp.Operator.Cluster;

/// <summary>The operator was not told, or could not find, how to reach a Kubernetes API server.</summary>
public sealed class ClusterConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
