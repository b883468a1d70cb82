using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Server;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Browser;

/// <summary>
/// The real server (Kestrel on 127.0.0.1, port 0) over a temporary store with a few postmortems, and Debian's Chromium
/// driven by Playwright. Shared by the browser tests of one class.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync")]
public class BrowserHost : IAsyncLifetime
{
    /// <summary>PMSEARCH_API_KEYS of the host: none (open access on loopback) unless a subclass says otherwise.</summary>
    protected virtual string ApiKeys => "";

    /// <summary>Postmortems a subclass adds to <see cref="Postmortems"/> (e.g. one dated 1628).</summary>
    protected virtual IEnumerable<(string Name, string Markdown)> ExtraPostmortems => [];

    /// <summary>Files of other formats to import as they are (e.g. a Word file from ingest-samples).</summary>
    protected virtual IEnumerable<SourceFile> ExtraFiles => [];

    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ShotsFolder = "/tmp/pmsearch-shots";

    private readonly TempDirectory _dir = new();
    private WebApplication? _app;
    private PostmortemCatalog? _catalog;
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }
    public string BaseUrl { get; private set; } = "";
    /// <summary>Why the browser tests return early; null when they run.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>Postmortems in the store: checkout certificate expiries recur, plus other services across three quarters.</summary>
    public static readonly (string Name, string Markdown)[] Postmortems =
    [
        ("cert-1.md", Docs.Postmortem("Checkout 502s after certificate expiry", "checkout-api", date: "2025-01-14",
            actionItems: "- [x] Alert on certificate expiry (owner: jdoe, due: 2025-02-01)\n- [ ] Automate certificate rotation (owner: asmith, due: 2025-03-01)", team: "storefront")),
        ("cert-2.md", Docs.Postmortem("Payments outage from expired TLS certificate", "payments-gateway", date: "2025-04-22",
            actionItems: "- [ ] Inventory every certificate (owner: jdoe, due: 2025-05-15)")),
        ("cert-3.md", Docs.Postmortem("Checkout errors when the load balancer certificate lapsed", "checkout-api", date: "2025-08-03",
            actionItems: "- [x] Move certificates to the managed issuer (owner: asmith, due: 2025-09-01)", team: "storefront")),
        ("db-1.md", DatabaseDoc("Search latency from database connection pool exhaustion", "search-api", "2025-02-10")),
        ("db-2.md", DatabaseDoc("Orders API timeouts: database connection pool exhausted", "orders-api", "2025-07-19")),
    ];

    private static string DatabaseDoc(string title, string service, string date) => $"""
        ---
        title: "{title}"
        severity: SEV3
        services: [{service}]
        start: {date} 09:00 UTC
        resolved: {date} 11:30 UTC
        postmortem date: {date[..8]}28
        ---
        # {title}

        ## Summary
        Requests to {service} timed out because the database connection pool was exhausted after a deploy.

        ## Root Causes
        - The connection pool was sized for half the traffic.

        ## Timeline
        - {date} 09:00 deploy of {service}
        - {date} 09:12 latency alert fires
        - {date} 11:30 pool size raised, latency back to normal

        ## Action Items
        - [ ] Load-test pool sizes before each release (owner: jdoe, due: 2025-12-01)
        """;

    public virtual async Task InitializeAsync()
    {
        var store = PostmortemStore.Open(_dir.File("browser.db"));
        _catalog = new PostmortemCatalog(store);
        var importer = new Importer();
        var outcomes = Postmortems.Concat(ExtraPostmortems).Select(p => new SourceFile(p.Name, Encoding.UTF8.GetBytes(p.Markdown))).Concat(ExtraFiles)
            .SelectMany(f => importer.ReadFile(f)).ToList();
        ImportBatch.Save(_catalog, outcomes, "browser-tests");

        _app = ServerApp.Build(new ServerOptions { Catalog = _catalog, Urls = "http://127.0.0.1:0", ApiKeys = ApiKeys });
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        if (!File.Exists(ChromiumPath))
        {
            var message = $"Chromium is not installed at {ChromiumPath}: install it with `apt-get update && apt-get install -y chromium`.";
            if (Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("PMSEARCH_SKIP_BROWSER") != "1")
                throw new InvalidOperationException(message + " (set PMSEARCH_SKIP_BROWSER=1 outside CI to skip the browser tests explicitly)");
            SkipReason = message + " PMSEARCH_SKIP_BROWSER=1: browser tests return early.";
            return;
        }
        Directory.CreateDirectory(ShotsFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh page that fails the test on any script error or failed request to our server.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add($"page error: {e}");
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add($"console: {m.Text}"); };
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"HTTP {r.Status} {r.Url}"); };
        return (page, errors);
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ShotsFolder, name + ".png"), FullPage = true });

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _catalog?.Dispose();
        _dir.Dispose();
    }
}

/// <summary>The usual postmortems plus a write-up dated 1628 (as in the real ICCO samples): an outlier that must not wreck the trends.</summary>
public sealed class OutlierBrowserHost : BrowserHost
{
    protected override IEnumerable<(string Name, string Markdown)> ExtraPostmortems =>
        [
            ("vasa.md", PostmortemSearch.Tests.Cli.SurfaceDocs.Doc("Warship Vasa sinks on its maiden voyage", "vasa", "SEV3", "1628-08-10T16:00:00Z", "1628-08-10T17:00:00Z", "Final")),
            // An "Introduction" that restates the metadata, and lessons sections: each must show once on the incident page.
            ("intro.md", """
                # Cart memory regression after a serializer upgrade

                ## Introduction
                This is a blameless postmortem.

                Status: Reviewed

                Authors: Tomás Ibarra

                Severity: SEV3

                Services: cart, k8s-platform

                ## Summary
                Cart pods ran out of memory after a serializer upgrade.

                ## What went well
                - The rollback took two minutes.

                ## What went wrong
                - The canary did not watch memory.
                """),
        ];
}

/// <summary>The same host with API keys configured (<see cref="ApiHost.Keys"/>): every API call needs X-Api-Key.</summary>
public sealed class KeyedBrowserHost : BrowserHost
{
    protected override string ApiKeys => ApiHost.Keys;
}

/// <summary>
/// The usual postmortems plus what real archives hold: a Word file whose writer typed "- " bullets and put every
/// metadata pair in its opening lines, and one outage that lasted 25 days (its duration dwarfs every other).
/// </summary>
public sealed class RealWorldBrowserHost : BrowserHost
{
    protected override IEnumerable<(string Name, string Markdown)> ExtraPostmortems =>
        [("long-outage.md", PostmortemSearch.Tests.Cli.SurfaceDocs.Doc("Warehouse sync down for 25 days", "warehouse-sync", "SEV2", "2025-05-01 08:00 UTC", "2025-05-26 08:00 UTC", "Final"))];

    protected override IEnumerable<SourceFile> ExtraFiles =>
        [new("order-pipeline-release-regression.docx", File.ReadAllBytes(Path.Combine(RepoPaths.IngestSamples, "word", "order-pipeline-release-regression.docx")))];
}
