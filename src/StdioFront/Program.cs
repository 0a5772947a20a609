using System.Runtime.CompilerServices;
using DynamoMcp.StdioFront;
using DynamoMcp.StdioFront.Install;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

if (SelfInstaller.Requested(args))
{
    // Dynamic code is unsupported exactly when this is the NativeAOT binary, the one file that runs on its own.
    return SelfInstaller.Run(args, Environment.ProcessPath, !RuntimeFeature.IsDynamicCodeSupported, Console.Out, Console.Error);
}

var options = FrontOptions.Parse(args, out var error);
if (options is null)
{
    if (error is null)
    {
        Console.Out.WriteLine(FrontOptions.Usage);
        return 0;
    }

    Console.Error.WriteLine($"stdio-front: {error}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(FrontOptions.Usage);
    return 2;
}

if (options.Host is { } host && !System.Net.IPAddress.TryParse(host, out _))
{
    Console.Error.WriteLine($"stdio-front: --host `{host}` is not an IP address (use 0.0.0.0, ::, or 127.0.0.1)");
    return 2;
}

await using var app = FrontApp.Build(options);
await app.StartAsync();
var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
Console.Error.WriteLine($"stdio-front: listening on {string.Join(", ", addresses)} (MCP at {options.Path}), one `{string.Join(' ', options.Command)}` per session");
await app.WaitForShutdownAsync();
return 0;
