using PostmortemSearch.Server;

namespace PostmortemSearch.Tests.Server;

public sealed class LowPriorityWorkTests
{
    [Fact]
    public void Work_runs_on_its_own_thread_with_a_raised_nice_value_on_linux()
    {
        var (threadName, nice) = LowPriorityWork.Run(() => (Thread.CurrentThread.Name, NiceOfThisThread()));

        Assert.Equal("pmsearch import", threadName);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(LowPriorityWork.Lowered);
            Assert.Equal(Math.Min(19, NiceOfThisThread() + 10), nice);   // relative: the test runner itself may already run niced
        }
    }

    [Fact]
    public void An_exception_reaches_the_caller()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LowPriorityWork.Run<int>(() => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", error.Message);
    }

    /// <summary>Field 19 of /proc/thread-self/stat (after the parenthesised command name) is the thread's nice value.</summary>
    private static int NiceOfThisThread()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
