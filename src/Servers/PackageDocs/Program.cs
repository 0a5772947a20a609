using Microsoft.AspNetCore.Builder;
using DynamoMcp.PackageDocs.Hosting;

var command = PackageDocsCommandLine.Parse(args);
if (command.Help)
{
    Console.Out.Write(PackageDocsCommandLine.Usage);
    return 0;
}

if (command.Error is { } error)
{
    await Console.Error.WriteLineAsync($"package-docs: {error}\nRun package-docs --help for the options.");
    return 2;
}

WebApplication app;
try
{
    app = PackageDocsServer.Map(PackageDocsServer.CreateBuilder(command.Rest, command.ConfigFile).Build());
}
catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
{
    await Console.Error.WriteLineAsync($"package-docs: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
