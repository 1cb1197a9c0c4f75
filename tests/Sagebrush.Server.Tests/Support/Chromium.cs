using Microsoft.Playwright;

namespace Sagebrush.Server.Tests.Support;

/// <summary>
/// Debian's chromium (installed by scripts/test), driven by Playwright: pages are tested in a real browser. Headless;
/// without chromium's own sandbox, which cannot start as root (the browser only visits the test's server).
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    /// <summary>Why browser tests cannot run here, or null.</summary>
    public static string? Missing => File.Exists(ExecutablePath) ? null : "Debian's chromium is not installed (scripts/test installs it)";

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
