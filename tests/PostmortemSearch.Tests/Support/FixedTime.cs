namespace PostmortemSearch.Tests.Support;

/// <summary>A clock that says what the test tells it (Microsoft.Extensions.TimeProvider.Testing is not obtainable here).</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public static FixedTime At(int year, int month, int day) => new(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero));
}
