package edubalance.metrics;

import edubalance.conf.Classpath;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gold models, found rather than listed: every top-level class of the packages marked
 * {@link ModelPackage} packaged with this one that implements {@link GoldModel} with a public
 * no-argument constructor, ordered so that a model comes after the models whose tables it reads.
 */
public final class GoldModels {
  private GoldModels() {}

  /** The packages marked {@link ModelPackage} (their package-info), sorted. */
  static List<String> packages() {
    List<String> out = new ArrayList<>();
    for (String name : Classpath.list(GoldModel.class, "edubalance/")) {
      if (!name.endsWith("/package-info.class")) continue;
      String pkg = name.substring(0, name.length() - "/package-info.class".length()).replace('/', '.');
      try {
        if (Class.forName(pkg + ".package-info").isAnnotationPresent(ModelPackage.class)) out.add(pkg);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("cannot load " + pkg + ".package-info", e);
      }
    }
    return out;
  }

  /** Every gold model, in dependency order (ties by class name). */
  public static List<GoldModel> all() {
    List<GoldModel> found = new ArrayList<>();
    for (String pkg : packages()) {
      String dir = pkg.replace('.', '/') + "/";
      for (String name : Classpath.list(GoldModel.class, dir)) {
        String simple = name.substring(dir.length());
        if (!simple.endsWith(".class") || simple.contains("$") || simple.contains("/")) continue;
        GoldModel m = instantiate(pkg + "." + simple.substring(0, simple.length() - ".class".length()));
        if (m != null) found.add(m);
      }
    }
    return ordered(found);
  }

  /** The model writing {@code table}. */
  public static GoldModel of(String table) {
    for (GoldModel m : all()) if (m.table().equals(table)) return m;
    throw new IllegalArgumentException("no gold model writes " + table);
  }

  /** {@code models} so that each comes after the models writing the tables it reads (inputs or optional). */
  static List<GoldModel> ordered(List<GoldModel> models) {
    Map<String, GoldModel> byTable = new LinkedHashMap<>();
    for (GoldModel m : models) {
      GoldModel other = byTable.put(m.table(), m);
      if (other != null) {
        throw new IllegalStateException(m.table() + " is written by both " + other.getClass().getName()
            + " and " + m.getClass().getName());
      }
    }
    List<GoldModel> out = new ArrayList<>();
    List<String> visiting = new ArrayList<>();
    for (GoldModel m : models) visit(m, byTable, visiting, out);
    return out;
  }

  private static void visit(GoldModel m, Map<String, GoldModel> byTable, List<String> visiting, List<GoldModel> out) {
    if (out.contains(m)) return;
    if (visiting.contains(m.table())) {
      throw new IllegalStateException("gold models read each other in a cycle: " + visiting + " -> " + m.table());
    }
    visiting.add(m.table());
    List<String> reads = new ArrayList<>(m.inputs());
    reads.addAll(m.optionalInputs());
    for (String t : reads) {
      GoldModel producer = byTable.get(t);
      if (producer != null) visit(producer, byTable, visiting, out);
    }
    visiting.remove(m.table());
    out.add(m);
  }

  private static GoldModel instantiate(String className) {
    Class<?> c;
    try {
      c = Class.forName(className, false, GoldModel.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    if (!GoldModel.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) return null;
    try {
      Constructor<?> ctor = c.getConstructor();
      return (GoldModel) ctor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(className + " is a GoldModel without a public no-argument constructor", e);
    }
  }
}
