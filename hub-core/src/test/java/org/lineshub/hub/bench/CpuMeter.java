package org.lineshub.hub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time spent during a load: by the whole machine (from {@code /proc/stat}, where there is one), by this JVM (the
 * load generator, the fakes and, unless {@code bench.hub} is set, the hub or the baseline), by the database server
 * (any {@code mariadbd}/{@code mysqld} process on the machine: the embedded one is this JVM's child) and by named
 * groups of this JVM's threads: the ones that store messages, and the load generator's own ({@code bench-*}).
 * Whatever the machine spent beyond these went to other processes competing for the two cores. Storing threads on
 * CPU much less than 100% of the time wait for the database, or for a core.
 */
final class CpuMeter {

    private final long wallNanos = System.nanoTime();
    private final long processNanos = processCpu();
    private final long databaseNanos = databaseCpu();
    private final long[] machine = machineTicks();
    private final Map<String, String> groups;
    private final Map<String, Map<Long, Long>> threadNanos = new HashMap<>();

    /**
     * @param groups label to a part of the thread names it covers
     */
    CpuMeter(Map<String, String> groups) {
        this.groups = new LinkedHashMap<>(groups);
        groups.forEach((label, names) -> threadNanos.put(label, threadCpu(names)));
    }

    /**
     * @param messages messages stored meanwhile
     * @return one line: busy shares of the run's wall time and CPU per stored message
     */
    String report(long messages) {
        double wall = System.nanoTime() - wallNanos;
        long process = processCpu() - processNanos;
        long database = databaseCpu() - databaseNanos;
        long[] machineNow = machineTicks();
        int cores = Runtime.getRuntime().availableProcessors();
        double capacity = wall * cores;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "CPU of %d cores: ", cores));
        out.append(machine[1] <= 0 || machineNow[1] <= machine[1] ? "machine n/a"
                : String.format(Locale.ROOT, "machine %.0f%%",
                100.0 * (machineNow[0] - machine[0]) / (machineNow[1] - machine[1])));
        out.append(String.format(Locale.ROOT, ", this JVM %.0f%%, database server %.0f%%", 100.0 * process / capacity,
                100.0 * database / capacity));
        for (Map.Entry<String, String> g : groups.entrySet()) {
            Map<Long, Long> before = threadNanos.get(g.getKey());
            long spent = 0;
            for (Map.Entry<Long, Long> t : threadCpu(g.getValue()).entrySet()) {
                spent += t.getValue() - before.getOrDefault(t.getKey(), 0L);
            }
            out.append(String.format(Locale.ROOT, ", %s %.0f%%", g.getKey(), 100.0 * spent / capacity));
        }
        if (messages > 0) {
            out.append(String.format(Locale.ROOT, "; per stored message: this JVM %.2f ms, database %.2f ms",
                    process / 1e6 / messages, database / 1e6 / messages));
        }
        return out.toString();
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** @return CPU time of the machine's MariaDB server processes */
    private static long databaseCpu() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld"))
                        .orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** @return busy and total ticks of all cores, or zeros where {@code /proc/stat} cannot be read */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total - Long.parseLong(f[4]) - Long.parseLong(f[5]), total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** @return CPU time by thread id of the live threads whose names contain a text */
    private static Map<Long, Long> threadCpu(String nameContains) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long nanos = t.getName().contains(nameContains) ? mx.getThreadCpuTime(t.getId()) : -1;
            if (nanos >= 0) {
                cpu.put(t.getId(), nanos);
            }
        }
        return cpu;
    }
}
