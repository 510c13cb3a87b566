package edubalance;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A job in a JVM of its own, as a user starts one: this JVM's classpath and module options, a small
 * heap, and Spark's classes mapped from a class-data-sharing archive as jobs/_run maps them (made
 * once per test JVM), so that each of the fault tests' many short JVMs starts in seconds.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** The class path of the children: CDS archives classes from jars only, so target/classes goes in as one. */
  private static String classPath;
  /** The archive's options, once it is made (empty when it could not be). */
  private static List<String> archive;

  /** {@code java … edubalance.jobs.Main <argv>}, quick to start: the tests' fixtures are a few rows. */
  public static List<String> command(String... argv) {
    return command(List.of(), argv);
  }

  /** The same, with more JVM options ({@code -Dname=value}) before the class path. */
  public static List<String> command(List<String> jvmOptions, String... argv) {
    List<String> cmd = new ArrayList<>(java(jvmOptions));
    cmd.addAll(archive());
    cmd.add("edubalance.jobs.Main");
    cmd.addAll(List.of(argv));
    return cmd;
  }

  private static List<String> java(List<String> jvmOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dlog4j")
          || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
        cmd.add(a);
      }
    }
    cmd.addAll(TestSpark.INTERPRETED);
    cmd.addAll(jvmOptions);
    // C1 alone compiles sooner, which is what a short JVM needs, but it shrinks the code cache to
    // 48 MB: a jobs/maintain filled it (Spark's generated code and Delta's), and a pool thread of
    // Delta's OPTIMIZE died of it with the job waiting on it for ever. The default size is kept.
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-XX:+UseSerialGC",
        "-cp", classPath()));
    return cmd;
  }

  /**
   * The archive of the classes a job loads, made by one small ingest in a child (an ingest is what
   * most of the children run; the others share Spark's and Delta's classes with it). It is kept in
   * target/child-jvm with what it was made for, and made once per build: the test JVMs of a run
   * (surefire's forks) take turns on a file lock, and the first makes it.
   */
  private static synchronized List<String> archive() {
    if (archive != null) return archive;
    archive = List.of();
    Path dir = Path.of("target", "child-jvm").toAbsolutePath();
    try {
      Files.createDirectories(dir);
      try (FileChannel lock = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = lock.lock()) {
        Path jsa = dir.resolve("classes.jsa");
        Path madeFor = dir.resolve("made-for");
        String build = madeFor();
        if (Files.exists(jsa) && Files.exists(madeFor) && Files.readString(madeFor).equals(build)) {
          archive = options(jsa);
          return archive;
        }
        Files.deleteIfExists(madeFor);
        Files.deleteIfExists(jsa);
        Path inbox = TestSpark.tempDir("child-jvm-inbox");
        Files.createDirectories(inbox.resolve("funding"));
        Files.writeString(inbox.resolve("funding/f.csv"),
            "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan\n2024,140105,104000,21000\n");
        List<String> cmd = java(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off,cds+dynamic=off"));
        cmd.addAll(List.of("edubalance.jobs.Main", "ingest", "--inbox", inbox.toString(),
            "--lakehouse", TestSpark.tempDir("child-jvm-lakehouse").toString()));
        Process p = new ProcessBuilder(cmd).directory(new File(System.getProperty("user.dir")))
            .redirectErrorStream(true).redirectOutput(dir.resolve("archive.log").toFile()).start();
        if (p.waitFor() == 0 && Files.exists(jsa) && Files.size(jsa) > 0) {
          Files.writeString(madeFor, build);
          archive = options(jsa);
        }
      }
    } catch (IOException e) {
      // No archive: the children load their classes as usual.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return archive;
  }

  /** What an archive is valid for: the command, and the size and time of every jar of its class path. */
  private static String madeFor() {
    StringBuilder b = new StringBuilder(String.join("\n", java(List.of())));
    for (String e : classPath().split(File.pathSeparator)) {
      File f = new File(e);
      b.append('\n').append(e).append(' ').append(f.length()).append(' ').append(f.lastModified());
    }
    return b.toString();
  }

  private static List<String> options(Path jsa) {
    return List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto", "-Xlog:cds=off,cds+dynamic=off");
  }

  private static synchronized String classPath() {
    if (classPath != null) return classPath;
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      entries.add(Files.isDirectory(p) ? jar(p).toString() : e);
    }
    classPath = String.join(File.pathSeparator, entries);
    return classPath;
  }

  /**
   * The classes of a build directory as a jar of their own (milliseconds for a few thousand files)
   * in target/child-jvm: the archive checks each jar's size and time, so a jar is replaced only
   * when its classes changed, and then atomically, never rewritten under a running child.
   */
  private static Path jar(Path dir) {
    Path jar = Path.of("target", "child-jvm", dir.getFileName() + ".jar").toAbsolutePath();
    Path fresh = TestSpark.tempDir("child-jvm-classes").resolve(dir.getFileName() + ".jar");
    write(dir, fresh);
    try {
      Files.createDirectories(jar.getParent());
      if (!(Files.exists(jar) && Files.mismatch(jar, fresh) == -1)) {
        Files.move(fresh, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      return fresh;
    }
    return jar;
  }

  private static void write(Path dir, Path jar) {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        JarEntry entry = new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/'));
        entry.setTime(f.toFile().lastModified()); // the same classes make the same bytes
        j.putNextEntry(entry);
        Files.copy(f, j);
        j.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
