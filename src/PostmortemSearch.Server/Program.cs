using PostmortemSearch.Server;

// `dotnet run --project src/PostmortemSearch.Server` and WebApplicationFactory<Program> both start here;
// `pmsearch serve` builds the same host through ServerApp.Build.
var app = ServerApp.Build(new ServerOptions { Args = args });
await ServerApp.StartAsync(app);
await app.WaitForShutdownAsync();

/// <summary>The entry point, public so that WebApplicationFactory&lt;Program&gt; can find it.</summary>
public partial class Program;
