namespace DynamoMcp.McpServer.Bench;

/// <summary>
/// When, after the McpServer's create, the bench first saw each step of one system run (polled every 20 ms, so each
/// is late by up to one poll): the pod, its container running, the pod Ready, the Deployment's readyReplicas, the
/// McpServer Ready with tools.
/// </summary>
internal sealed record SystemTimeline(TimeSpan? PodCreated, TimeSpan? PodRunning, TimeSpan? PodReady, TimeSpan? DeploymentReady, TimeSpan Ready, int Tools);
