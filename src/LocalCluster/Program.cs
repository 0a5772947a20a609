using DynamoMcp.LocalCluster.LocalMode;

// dotnet run --project src/LocalCluster -- [--data-dir .local-data] [--api-server-only] ... (see --help)
return await LocalModeCommandLine.Build(Console.Out, Console.Error).Parse(args).InvokeAsync().ConfigureAwait(false);
