using k8s.Models;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>A service-account token the local kubelet keeps fresh: where it is, what it was asked for with, and when to renew it.</summary>
internal sealed record ProjectedTokenFile(string Path, V1ServiceAccountTokenProjection Source, int Mode, DateTimeOffset RefreshAt);
