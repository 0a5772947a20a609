using System.Security.Cryptography;
using System.Text;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>How API keys are hashed for the Secret (and how an administrator computes the value to store).</summary>
public static class ApiKeyHash
{
    public static string Compute(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
