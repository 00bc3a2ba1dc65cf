using System.Diagnostics;

namespace Backprop.Diagnostics.Benchmarks;

/// <summary>
/// The process's peak resident set ("peak working set"). On Linux the kernel's high-water mark VmHWM can be reset
/// (writing 5 to /proc/self/clear_refs), so the peak of one phase — training, after the data set is loaded and the
/// loader's temporary buffers are collected — can be read by itself; elsewhere it is the peak of the whole process.
/// </summary>
public static class PeakMemory
{
    /// <summary>Starts a new peak from the current resident set, where the system allows it; returns whether it did.</summary>
    public static bool Reset()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return false;
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Peak resident bytes since the last successful <see cref="Reset"/> (or since the process started).</summary>
    public static long Read()
    {
        try
        {
            if (OperatingSystem.IsLinux())
                foreach (var line in File.ReadLines("/proc/self/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
