using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostmortemSearch.Server;
using PostmortemSearch.Tests.Robustness;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Server;

/// <summary>Open mode (no keys, loopback) against a browser's cross-site requests and DNS rebinding; key-list rules; wrong-key throttling.</summary>
public sealed class OpenModeTests
{
    private static MultipartFormDataContent Upload(string name, string content)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        return new MultipartFormDataContent { { file, "files", name } };
    }

    [Fact]
    public async Task Without_keys_a_request_naming_another_host_is_refused()
    {
        using var host = new ApiHost();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/postmortems", UriKind.Relative));
        request.Headers.Host = "rebound.attacker.example";

        var response = await host.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync(new Uri("/api/postmortems", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("Origin", "http://attacker.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_cross_site_upload_is_refused_and_imports_nothing(string header, string value)
    {
        using var host = new ApiHost();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/import", UriKind.Relative)) { Content = Upload("x.md", Docs.Postmortem("Cross-site")) };
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await host.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task A_same_origin_upload_from_the_web_ui_is_accepted()
    {
        using var host = new ApiHost();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/import", UriKind.Relative)) { Content = Upload("x.md", Docs.Postmortem("Same origin")) };
        request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        var response = await host.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Catalog.Store.Count());
    }

    [Fact]
    public async Task Serve_without_keys_refuses_a_public_address_given_by_the_kestrel_configuration()
    {
        using var dir = new TempDirectory();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { ChildCli.Dll, "serve", "--db", dir.File("pm.db"), "--urls", "http://127.0.0.1:0" }) info.ArgumentList.Add(arg);
        info.Environment.Remove("PMSEARCH_API_KEYS");
        info.Environment["Kestrel__Endpoints__Public__Url"] = "http://0.0.0.0:0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"serve kept running on a public address without keys: {await stdout}");
        }

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("refusing to serve on http://0.0.0.0", await stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(";", "holds no key")]
    [InlineData(" ; ; ", "holds no key")]
    [InlineData("boss:admin:12345678", "admin key weaker")]
    [InlineData("boss:admin:aaaaaaaaaaaaaaaaaaaaaaaa", "admin key weaker")]
    public void The_host_refuses_to_start_with_an_empty_set_key_list_or_a_weak_admin_key(string keys, string message)
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<ServerStartException>(() => ServerApp.Build(new ServerOptions { Urls = "http://127.0.0.1:0", Database = dir.File("pm.db"), ApiKeys = keys }));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_keys_are_throttled_per_client_and_logged_once_with_the_address()
    {
        var logs = new CollectingLoggerProvider();
        using var dir = new TempDirectory();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("PMSEARCH_DB", dir.File("store.db"));
            web.UseSetting("PMSEARCH_API_KEYS", ApiHost.Keys);
            web.ConfigureLogging(l => l.AddProvider(logs));
            web.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse("203.0.113.7"))));
        });
        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "guessing-the-key");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 14; i++) statuses.Add((await wrong.GetAsync(new Uri("/api/postmortems", UriKind.Relative))).StatusCode);

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var lines = logs.Lines.Where(l => l.Contains("API key", StringComparison.Ordinal)).ToList();
        Assert.Single(lines, l => l.Contains("unknown API key from 203.0.113.7", StringComparison.Ordinal));
        Assert.True(lines.Count <= 2, string.Join("\n", lines));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("was not authenticated", StringComparison.Ordinal));
    }

    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Keeps every log line written at Information or above (a hand-written double, no mocking library).</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (owner._lines) owner._lines.Add($"{logLevel} {category}: {formatter(state, exception)}");
        }
    }
}
