using System.Diagnostics.Tracing;

namespace PostmortemSearch.Benchmarks.Load;

/// <summary>
/// Every stop-the-world GC pause of this process while it is alive (runtime events GCSuspendEEBegin → GCRestartEEEnd),
/// so the report can say how much of a latency tail is the collector. Events arrive on the listener's own thread.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int GcStart = 1, SuspendBegin = 9, RestartEnd = 3;

    private readonly List<double> _pausesMs = [];
    private readonly double[] _maxByGen = new double[3];
    private int _lastDepth;
    private DateTime? _suspendedAt;
    private readonly int[] _gen0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId == GcStart && e.Payload is { Count: > 1 } payload && payload[1] is uint depth) _lastDepth = (int)Math.Min(depth, 2);
        else if (e.EventId == SuspendBegin) _suspendedAt = e.TimeStamp;
        else if (e.EventId == RestartEnd && _suspendedAt is { } at)
        {
            var ms = (e.TimeStamp - at).TotalMilliseconds;
            lock (_pausesMs)
            {
                _pausesMs.Add(ms);
                _maxByGen[_lastDepth] = Math.Max(_maxByGen[_lastDepth], ms);
            }
            _suspendedAt = null;
        }
    }

    /// <summary>"gen0 N, gen1 N, gen2 N; pauses n, total ms, p99 ms, max ms" since construction.</summary>
    public string Summary()
    {
        double[] p, max;
        lock (_pausesMs)
        {
            p = [.. _pausesMs];
            max = [.. _maxByGen];
        }
        Array.Sort(p);
        var counts = $"gen0 {GC.CollectionCount(0) - _gen0[0]}, gen1 {GC.CollectionCount(1) - _gen0[1]}, gen2 {GC.CollectionCount(2) - _gen0[2]}";
        if (p.Length == 0) return counts + "; no pauses seen";
        var p99 = p[Math.Clamp((int)Math.Ceiling(0.99 * p.Length) - 1, 0, p.Length - 1)];
        return System.FormattableString.Invariant($"{counts}; {p.Length} pauses, total {p.Sum():F0} ms, p99 {p99:F1} ms, max {p[^1]:F1} ms (longest after a gen0/1/2 start: {max[0]:F0}/{max[1]:F0}/{max[2]:F0} ms)");
    }
}
