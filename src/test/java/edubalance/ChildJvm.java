package edubalance;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath()));
    return cmd;
  }

  /**
   * The archive of the classes a job loads, made by one small ingest in a child (an ingest is what
   * most of the children run; the others share Spark's and Delta's classes with it).
   */
  private static synchronized List<String> archive() {
    if (archive != null) return archive;
    archive = List.of();
    try {
      Path dir = TestSpark.tempDir("child-jvm");
      Path jsa = dir.resolve("classes.jsa");
      Path inbox = dir.resolve("inbox");
      Files.createDirectories(inbox.resolve("funding"));
      Files.writeString(inbox.resolve("funding/f.csv"),
          "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan\n2024,140105,104000,21000\n");
      List<String> cmd = java(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off,cds+dynamic=off"));
      cmd.addAll(List.of("edubalance.jobs.Main", "ingest", "--inbox", inbox.toString(), "--lakehouse", dir.resolve("lakehouse").toString()));
      Process p = new ProcessBuilder(cmd).directory(new File(System.getProperty("user.dir")))
          .redirectErrorStream(true).redirectOutput(dir.resolve("archive.log").toFile()).start();
      if (p.waitFor() == 0 && Files.size(jsa) > 0) {
        archive = List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto", "-Xlog:cds=off,cds+dynamic=off");
      }
    } catch (IOException e) {
      // No archive: the children load their classes as usual.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return archive;
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

  /** The classes of a build directory as a jar of their own (milliseconds for a few thousand files). */
  private static Path jar(Path dir) {
    Path jar = TestSpark.tempDir("child-jvm-classes").resolve(dir.getFileName() + ".jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        j.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, j);
        j.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }
}
