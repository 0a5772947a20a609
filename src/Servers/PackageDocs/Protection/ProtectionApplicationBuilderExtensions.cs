using Microsoft.AspNetCore.Builder;

namespace DynamoMcp.PackageDocs.Protection;

public static class ProtectionApplicationBuilderExtensions
{
    /// <summary>Puts <see cref="ApiKeyProtectionMiddleware"/> in the pipeline (after forwarded headers, before the endpoints).</summary>
    public static IApplicationBuilder UseApiKeyProtection(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyProtectionMiddleware>();
}
